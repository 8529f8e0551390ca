# Shared by run.sh and observability.sh (sourced, not run): the work directory and its clean-up, nginx and wrk,
# the gateway's class path, and the temp paths every nginx config here needs.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SECRET=bench-secret
PIDS=()

# bench_work NAME: a fresh work directory in $WORK, removed at exit with every process in $PIDS and nginx
# (KEEP=1 keeps it, for the logs).
bench_work() {
  WORK=$(mktemp -d "/tmp/sluice-$1.XXXXXX")
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "Logs kept in $WORK" || rm -rf "$WORK"
}

# Installs nginx and wrk from Debian when missing; sets $NGINX.
need_nginx_and_wrk() {
  local need_install=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_install+=(nginx)
  command -v wrk >/dev/null 2>&1 || need_install+=(wrk)
  if [ ${#need_install[@]} -gt 0 ]; then
    echo "Installing ${need_install[*]} (Debian packages)"
    apt-get install -y "${need_install[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${need_install[@]}" >/dev/null; }
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# The gateway's class path in $CLASSPATH: GATEWAY_CP when set (a class path built elsewhere, e.g. to measure another
# revision), else a reactor build of this checkout (nothing installed into ~/.m2).
gateway_classpath() {
  if [ -n "${GATEWAY_CP:-}" ]; then
    CLASSPATH=$GATEWAY_CP
  else
    echo "Building the gateway module and its classpath (reactor build, nothing installed into ~/.m2)"
    CLASSPATH="$(nice -n 15 "$ROOT/scripts/classpath" gateway)"
  fi
}

# The nginx `http` block's temp paths, all inside $WORK.
nginx_temp_paths() {
  mkdir -p "$WORK/nginx-temp"
  cat <<NGINX
  client_body_temp_path $WORK/nginx-temp/body;
  proxy_temp_path $WORK/nginx-temp/proxy;
  fastcgi_temp_path $WORK/nginx-temp/fastcgi;
  uwsgi_temp_path $WORK/nginx-temp/uwsgi;
  scgi_temp_path $WORK/nginx-temp/scgi;
NGINX
}
