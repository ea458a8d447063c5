#!/usr/bin/env bash
# Checks the operations files without starting anything: the Prometheus config, the alert
# rules and their unit tests, and docker-compose.yml. Needs promtool (Debian: prometheus)
# and docker-compose (or the docker compose plugin). Exits non-zero if any check fails.
set -uo pipefail
cd "$(dirname "$0")/../.."

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "docker-compose not found (apt-get install docker-compose)" >&2
  exit 1
fi
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found (apt-get install prometheus)" >&2
  exit 1
fi

failed=0
check() {
  echo "== $*"
  if "$@"; then
    echo "   ok"
  else
    echo "   FAILED" >&2
    failed=1
  fi
}

# --syntax-only: the scrape token's file exists only in the Prometheus container.
check promtool check config --syntax-only ops/prometheus/prometheus.yml
check promtool check rules ops/prometheus/alerts.yml
check promtool test rules ops/prometheus/alerts.test.yml

# Dummy secrets: docker-compose.yml refuses to be interpolated without them. An empty
# --env-file keeps a developer's .env out of the check (docker-compose 1.x refuses /dev/null).
empty_env=$(mktemp)
trap 'rm -f "$empty_env"' EXIT
check env \
  POSTGRES_PASSWORD=check JWT_SECRET=check-check-check-check-check-check \
  WHATSAPP_APP_SECRET=check WHATSAPP_VERIFY_TOKEN=check TOKEN_ENCRYPTION_KEY=check \
  GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=check GRAFANA_ADMIN_PASSWORD=check \
  METRICS_SCRAPE_TOKEN=check-check-check-check-check-check \
  "${compose[@]}" --env-file "$empty_env" -f docker-compose.yml config -q

if [ "$failed" -ne 0 ]; then
  echo "Some checks failed" >&2
  exit 1
fi
echo "All ops checks passed"
