#!/usr/bin/env bash
# Starts the whole system with nothing installed but a JDK 21+: a real Kafka broker (KRaft) and a
# real PostgreSQL, the WhatsApp Cloud API simulator, and the three apps as processes of their own.
# Runs a demo campaign (--demo-recipients N, default 10000; 0 for none), then serves the gateway at
# http://localhost:8080 until Ctrl-C. Options: see --help.
set -euo pipefail
cd "$(dirname "$0")"
source ops/scripts/java-home.sh

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "Building (./mvnw -DskipTests package)..."
  ./mvnw -B -q -DskipTests package
fi

exec "$JAVA_HOME/bin/java" -Xmx1g -Dlocalstack.home="$PWD" \
  -Dlogback.configurationFile=ops/local-stack/launcher-logback.xml \
  -jar ops/local-stack/target/local-stack-*-exec.jar "$@"
