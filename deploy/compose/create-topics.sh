#!/usr/bin/env bash
# Creates whatmoved's topics and their .dlq twins (services/events Topics.all()) where missing, with the partition
# counts and retention of docs/operations.md ("Topics and partitions"). Idempotent; run by the kafka-topics service of
# docker-compose.yml inside the apache/kafka image. deploy/validate/run.sh checks that the list below is Topics.all().
set -euo pipefail
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
partitions=${WHATMOVED_TOPIC_PARTITIONS:-6}
points_partitions=${WHATMOVED_POINTS_PARTITIONS:-12}
replication=${WHATMOVED_TOPIC_REPLICATION:-1}
kafka_topics=${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh

# topic  partitions  retention.ms (-1: kept, the small record of what happened; the bulky streams only as long as an
# outage of their consumer may last, their effect being in the databases)
day=86400000
topics=(
  "whatmoved.features        $partitions        -1"
  "whatmoved.releases        $partitions        -1"
  "whatmoved.outcomes        $partitions        -1"
  "whatmoved.metric-points   $points_partitions $((7 * day))"
  "whatmoved.metric-rollups  $partitions        $((3 * day))"
  "whatmoved.metric-interest $partitions        -1"
  "whatmoved.cdevents        $partitions        $((30 * day))"
)

create() {
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" --partitions "$2" \
    --replication-factor "$replication" --config "retention.ms=$3" >/dev/null
  echo "whatmoved: topic $1 ($2 partitions, retention.ms=$3)"
}

# One JVM per call: run them side by side, then fail if any failed.
pids=()
for line in "${topics[@]}"; do
  read -r topic count retention <<<"$line"
  create "$topic" "$count" "$retention" & pids+=($!)
  create "$topic.dlq" "$count" $((30 * day)) & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed == 0 ]] || { echo "whatmoved: creating topics failed (see above)" >&2; exit 1; }
echo "whatmoved: $("$kafka_topics" --bootstrap-server "$bootstrap" --list | grep -c '^whatmoved\.') topics in place"
