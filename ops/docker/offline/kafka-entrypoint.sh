#!/bin/bash
# As the official image does: every KAFKA_FOO_BAR variable becomes foo.bar in the
# broker's configuration; CLUSTER_ID formats the log directory on first start.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS) ;;
    KAFKA_*) key=${name#KAFKA_}; key=${key,,}; echo "${key//_/.}=$value" >> "$config" ;;
  esac
done < <(env)
cp="/opt/kafka/libs/*"
java -cp "$cp" kafka.tools.StorageTool format --cluster-id "${CLUSTER_ID:?CLUSTER_ID is required}" \
  --config "$config" --ignore-formatted
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -cp "$cp" kafka.Kafka "$config"
