#!/usr/bin/env bash
# Runs one benchmark against a fresh sandbox stack and the packaged hub (docs/benchmarks.md).
#   bench/run.sh InventoryPipelineBench [events] [concurrency] [lookup rate] [lookup seconds] [events per webhook]
#   bench/run.sh OrderSubmissionBench [rate] [seconds] [erp latency ms] [warm-up seconds] [erp events per webhook] [hub re-warm seconds]
#   bench/run.sh OrderStatusBench [orders] [status changes per second]
#   bench/run.sh InventoryLagBench [changes per second] [measured seconds] [warm-up seconds] [webhooks in flight] [most events per webhook]
# BENCH_SKIP_BUILD=1 reuses target/ from an earlier run. BENCH_JAVA_OPTS replaces the options of the
# benchmark JVM, which also runs the sandbox (Kafka, Artemis, the simulators) and the load client.
set -euo pipefail
cd "$(dirname "$0")/.."
bench="${1:?name a benchmark: the class name of one of src/test/java/io/retailhub/bench/*Bench.java}"
shift
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
echo "machine: nproc $(nproc), $(free -m | awk '/Mem:/ {print $2 " MB memory"}'), $(uptime)"
# the benchmark JVM runs outside Maven so that Maven's own threads do not share its measurement.
# ZGC: with G1 (4 GB heap) its young pauses (median 53 ms, up to 185 ms) stalled the simulators and the load
# client, and showed in every percentile of the hub and of the baseline alike (docs/benchmarks.md)
exec java ${BENCH_JAVA_OPTS:--XX:+UseZGC -Xmx3g} -Dhub.project.dir="$PWD" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  "io.retailhub.bench.${bench}" "$@"
