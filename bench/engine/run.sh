#!/usr/bin/env bash
# Issue 20's benchmark: the engine's CPU time per unbatched message.
#   bench/engine/run.sh [messages=3000000] [repeats=3]   ./sluice run over each row + the plain-loop baseline
#   bench/engine/run.sh jmh [JMH options...]             the same rows through JMH (e.g. -prof gc)
# SLUICE_JAR=/path/to/sluice-all.jar measures another build (a 'before' jar) with the same method.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
java="$JAVA_HOME/bin/java"
cp="$("$root/scripts/classpath" bench/engine)"
rows=(generate-drop generate-mapping-drop generate-mapping-drop-batched)

if [[ "${1:-}" == jmh ]]; then
  shift
  exec "$java" -cp "$cp" org.openjdk.jmh.Main 'io.sluice.bench.enginecost.EngineCostBenchmark' "$@"
fi

n="${1:-3000000}"
repeats="${2:-3}"
small=100
jar="${SLUICE_JAR:-$root/cli/target/sluice-all.jar}"
[[ -n "${SLUICE_JAR:-}" ]] || "$root/sluice" --version >/dev/null   # (re)builds the jar when the sources changed
opts=(--sun-misc-unsafe-memory-access=allow)
cfgdir="$here/src/main/resources/enginecost"

# CPU seconds (user + system) of one process run, from GNU time.
cpu_of() {
  local t
  t="$(mktemp)"
  /usr/bin/time -f '%U %S' -o "$t" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; cat "$t" >&2; exit 1; }
  awk '{print $1 + $2}' "$t"
  rm -f "$t"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Median over the repeats of (CPU of an n-message run - CPU of a 100-message run) / (n - 100), in µs.
per_message() {
  local kind="$1" row="$2" i big tiny
  for ((i = 0; i < repeats; i++)); do
    if [[ "$kind" == sluice ]]; then
      big="$(COUNT=$n cpu_of "$java" "${opts[@]}" -jar "$jar" run "$cfgdir/$row.yaml")"
      tiny="$(COUNT=$small cpu_of "$java" "${opts[@]}" -jar "$jar" run "$cfgdir/$row.yaml")"
    else
      big="$(cpu_of "$java" -cp "$cp" io.sluice.bench.enginecost.PlainLoopMain "$row" "$n")"
      tiny="$(cpu_of "$java" -cp "$cp" io.sluice.bench.enginecost.PlainLoopMain "$row" "$small")"
    fi
    awk -v b="$big" -v t="$tiny" -v n="$n" -v s="$small" 'BEGIN {printf "%.4f\n", (b - t) * 1e6 / (n - s)}'
  done | median
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$java" -version 2>&1 | head -1)"
echo "jar: $jar; $n messages, median of $repeats, a $small-message run's CPU subtracted; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-32s %14s %16s %14s %16s %10s\n' row "sluice µs/msg" "sluice msg/s/core" "plain µs/msg" "plain msg/s/core" "engine x"
for row in "${rows[@]}"; do
  s="$(per_message sluice "$row")"
  p="$(per_message plain "$row")"
  awk -v r="$row" -v s="$s" -v p="$p" 'BEGIN {printf "%-32s %14.3f %16.0f %14.3f %16.0f %10.2f\n", r, s, 1e6 / s, p, 1e6 / p, s / p}'
done
