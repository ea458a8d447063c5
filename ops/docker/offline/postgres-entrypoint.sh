#!/bin/bash
# Initialises the data directory on first start like the official image (database and
# user from POSTGRES_DB / POSTGRES_USER / POSTGRES_PASSWORD, password authentication from
# other hosts unless POSTGRES_HOST_AUTH_METHOD says otherwise), then runs PostgreSQL in
# the foreground (its arguments, such as Testcontainers' "postgres -c fsync=off", are not
# used).
set -euo pipefail
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  [ "$auth" = trust ] || : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  pwfile=$(mktemp)
  printf '%s' "${POSTGRES_PASSWORD:-}" > "$pwfile"
  password=()
  [ -z "${POSTGRES_PASSWORD:-}" ] || password=(--pwfile="$pwfile")
  initdb --username="$POSTGRES_USER" "${password[@]}" --auth-local=trust --auth-host="$auth" \
    --encoding=UTF8 --locale=C -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 $auth" >> "$PGDATA/pg_hba.conf"
  echo "host all all ::/0 $auth" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != "postgres" ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -k /var/run/postgresql
