#!/usr/bin/env bash
# Builds this benchmark and what it needs in one reactor run (nothing installed into ~/.m2), then runs
# the NATS -> drop benchmark once against the local server (default 127.0.0.1:4222).
# Arguments are passed on: [url] [count] [size] [trials].
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
JAVA_HOME="$("$root/scripts/find-jdk")"
cp="$("$root/scripts/classpath" bench/nats)"
exec "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xms512m -Xmx2g -cp "$cp" io.sluice.bench.nats.NatsDropBench "$@"
