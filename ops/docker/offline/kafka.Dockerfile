# A stand-in for apache/kafka where no registry can be reached: the broker from its Maven
# jars (collected by build-images.sh), one KRaft node configured from the same KAFKA_*
# variables the official image reads, and the script its health check calls. Not for
# production: use the official image there.
FROM local/wa-campaigns-jre:offline
COPY libs /opt/kafka/libs
COPY kafka-entrypoint.sh /opt/kafka/bin/kafka-entrypoint.sh
COPY kafka-broker-api-versions.sh /opt/kafka/bin/kafka-broker-api-versions.sh
RUN mkdir -p /var/lib/kafka/data /opt/kafka/config
EXPOSE 9092
ENTRYPOINT ["/opt/kafka/bin/kafka-entrypoint.sh"]
