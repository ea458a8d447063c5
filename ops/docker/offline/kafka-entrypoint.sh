#!/bin/bash
# As the official image does: every KAFKA_FOO_BAR variable becomes foo.bar in the
# broker's configuration; CLUSTER_ID formats the log directory on first start.
set -euo pipefail
mkdir -p /opt/kafka/config
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS) ;;
    KAFKA_*) key=${name#KAFKA_}; key=${key,,}; echo "${key//_/.}=$value" >> "$config" ;;
  esac
done < <(env)
# A single node that is its own controller needs no list of voters: itself, on the port of
# its CONTROLLER listener (as Testcontainers sets the listeners without one).
if [ -z "${KAFKA_CONTROLLER_QUORUM_VOTERS:-}" ] && [[ "${KAFKA_PROCESS_ROLES:-}" == *controller* ]]; then
  port=$(tr ',' '\n' <<< "$KAFKA_LISTENERS" | sed -n 's|^CONTROLLER://[^:]*:\([0-9]*\)$|\1|p')
  echo "controller.quorum.voters=${KAFKA_NODE_ID:-1}@localhost:${port:-9093}" >> "$config"
fi
cp="/opt/kafka/libs/*"
java -cp "$cp" kafka.tools.StorageTool format --cluster-id "${CLUSTER_ID:?CLUSTER_ID is required}" \
  --config "$config" --ignore-formatted
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties \
  -cp "$cp" kafka.Kafka "$config"
