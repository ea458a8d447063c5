# A stand-in for prom/prometheus where no registry can be reached: Debian's Prometheus
# binary (the package CI installs for promtool) at the path the compose file runs.
FROM local/debian:bookworm
COPY prometheus /bin/prometheus
RUN mkdir -p /prometheus /etc/prometheus
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus", "--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
