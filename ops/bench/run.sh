#!/usr/bin/env bash
# The benchmark (issues 5 and 15): builds the gateway (tests skipped) and runs every scenario against an
# embedded PostgreSQL, a simulated SMSC and simulated callers. Arguments are passed on as
# --name=value settings, e.g. --rates=100,300 --rate-seconds=30 --scenarios=baseline,intake.
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
# The peers the benchmark measures against: pgbench (the ticket-shaped ceiling; Debian package
# postgresql-15 or postgresql-client) and Kannel's bearerbox/smsbox (package kannel). Installed
# with apt-get when missing and the host has it; BENCH_NO_INSTALL=1 leaves the host alone (the
# benchmark then says which figures it could not take).
if [ "${BENCH_NO_INSTALL:-}" != 1 ] && command -v apt-get >/dev/null; then
  wanted=()
  command -v pgbench >/dev/null || [ -x /usr/lib/postgresql/15/bin/pgbench ] || wanted+=(postgresql-15)
  [ -x /usr/sbin/bearerbox ] && [ -x /usr/sbin/smsbox ] || wanted+=(kannel)
  if [ ${#wanted[@]} -gt 0 ]; then
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    echo "installing ${wanted[*]} for the benchmark's baselines"
    as_root apt-get update -qq && as_root apt-get install -y -qq "${wanted[@]}" >/dev/null \
      || echo "could not install ${wanted[*]}: the figures that need them are left out"
  fi
fi
# Debian's postgresql-15 puts pgbench outside PATH.
[ -x /usr/lib/postgresql/15/bin/pgbench ] && export PATH="$PATH:/usr/lib/postgresql/15/bin"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
# The product jar and the benchmark's own (simulator, embedded PostgreSQL, scenarios); the
# gateway nodes it starts run `io.qiaoqiao.gateway.Main run` on the same class path.
exec java -Xmx2g -cp gateway/target/qiaoqiao-gateway.jar:tools/bench/target/qiaoqiao-bench.jar io.qiaoqiao.bench.Benchmark "$@"
