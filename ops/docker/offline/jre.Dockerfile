# The apps' base where no registry can be reached: Debian bookworm made by debootstrap
# (imported as local/debian:bookworm by build-images.sh) and a JDK copied from this
# machine, where the official eclipse-temurin image keeps its own (/opt/java/openjdk).
FROM local/debian:bookworm
COPY jdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
