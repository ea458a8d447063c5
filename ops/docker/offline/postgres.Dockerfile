# A stand-in for postgres:17 where no registry can be reached: PostgreSQL 17 from the zonky
# binaries the tests use, with an entrypoint that honours what the compose file sets
# (POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, the data directory) and a pg_isready for
# its health check. Not for production: use the official image there.
FROM local/debian:bookworm
RUN groupadd --system --gid 999 postgres \
    && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
    && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
    && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY pgsql /usr/lib/postgresql/17
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY pg_isready /usr/local/bin/pg_isready
ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
