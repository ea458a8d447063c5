# A stand-in for apache/kafka where no registry can be reached: the broker from its Maven
# jars (collected by build-images.sh), one KRaft node configured from the same KAFKA_*
# variables the official image reads (as compose and Testcontainers set them), and the
# script the compose health check calls. Not for
# production: use the official image there.
FROM local/wa-campaigns-jre:offline
COPY libs /opt/kafka/libs
COPY log4j2.properties /opt/kafka/config/log4j2.properties
# Where the official image keeps its start script: Testcontainers' KafkaContainer runs it
# after exporting the advertised listeners.
COPY kafka-entrypoint.sh /etc/kafka/docker/run
COPY kafka-broker-api-versions.sh /opt/kafka/bin/kafka-broker-api-versions.sh
RUN mkdir -p /var/lib/kafka/data
EXPOSE 9092
CMD ["/etc/kafka/docker/run"]
