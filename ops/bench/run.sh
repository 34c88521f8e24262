#!/usr/bin/env bash
# The benchmark of issue 5: builds the gateway (tests skipped) and runs every scenario against an
# embedded PostgreSQL, a simulated SMSC and simulated callers. Arguments are passed on as
# --name=value settings, e.g. --rate=500 --rate-seconds=30 --scenarios=baseline,intake.
set -euo pipefail
cd "$(dirname "$0")/../.."
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"; break
    fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
# The product jar and the benchmark's own (simulator, embedded PostgreSQL, scenarios); the
# gateway nodes it starts run `io.qiaoqiao.gateway.Main run` on the same class path.
exec java -Xmx2g -cp gateway/target/qiaoqiao-gateway.jar:tools/bench/target/qiaoqiao-bench.jar io.qiaoqiao.bench.Benchmark "$@"
