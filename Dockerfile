# syntax=docker/dockerfile:1.7
#
# Retail Connectivity Hub image, built from source. Targets:
#   docker build -t retail-hub:jvm .                    # default: JVM image (last stage, "jvm")
#   docker build --target native -t retail-hub:native .  # native executable on a micro base
# See docs/deployment.md and docs/decisions/0004-base-image.md.
#
# Base images are the ones Quarkus 3.31.3 itself defaults to (io.quarkus.deployment.images.ContainerImages),
# so the JVM flags, run-java.sh behaviour and native glibc expectations are the combination Quarkus tests.
# JVM runtime: Red Hat UBI 9 OpenJDK 17 runtime rather than Temurin, because it is freely redistributable,
# receives Red Hat's CVE rebuilds on a published cadence, runs as the unprivileged uid 185 out of the box,
# ships run-java.sh (container-aware heap sizing through JAVA_MAX_RAM_RATIO) and is what the Quarkus
# native micro image (also UBI 9) pairs with, so both targets share one OS lineage to patch and scan.
# Pin by digest in your registry mirror for reproducible builds; the tags here are the upstream lines.
ARG JDK_BUILDER_IMAGE=registry.access.redhat.com/ubi9/openjdk-17:1.24
ARG JVM_RUNTIME_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24
ARG NATIVE_BUILDER_IMAGE=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25
ARG NATIVE_RUNTIME_IMAGE=quay.io/quarkus/ubi9-quarkus-micro-image:2.0

# ---------------------------------------------------------------------------------------------------
# Native build: Mandrel (the GraalVM distribution Quarkus supports) with the Maven wrapper.
# Tests and the sandbox (compiled as test sources) are never compiled here: maven.test.skip=true.
# ---------------------------------------------------------------------------------------------------
FROM ${NATIVE_BUILDER_IMAGE} AS native-build
WORKDIR /project
COPY --chown=1001:0 .mvn/ .mvn/
COPY --chown=1001:0 mvnw pom.xml ./
COPY --chown=1001:0 src/main/ src/main/
RUN --mount=type=cache,target=/home/quarkus/.m2,uid=1001 \
    ./mvnw -B -ntp package -Dquarkus.native.enabled=true -Dmaven.test.skip=true -Dspotless.skip=true

# ---------------------------------------------------------------------------------------------------
# Native runtime: glibc-only micro image, no JVM, no package manager, no shell tooling to speak of.
# ---------------------------------------------------------------------------------------------------
FROM ${NATIVE_RUNTIME_IMAGE} AS native
ARG HUB_VERSION=0.1.0-SNAPSHOT
ARG VCS_REF=unknown
LABEL org.opencontainers.image.title="retail-connectivity-hub" \
      org.opencontainers.image.description="Retail Connectivity Hub (Camel on Quarkus), native executable" \
      org.opencontainers.image.version="${HUB_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.licenses="Proprietary" \
      org.opencontainers.image.vendor="Retail Connectivity Hub team" \
      org.opencontainers.image.base.name="quay.io/quarkus/ubi9-quarkus-micro-image:2.0"
WORKDIR /work
COPY --from=native-build --chmod=0755 /project/target/*-runner /work/application
COPY routes/ /deployments/routes/
ENV HUB_ROUTES_DIR=/deployments/routes \
    QUARKUS_HTTP_HOST=0.0.0.0
EXPOSE 8080 9000
USER 1001:0
ENTRYPOINT ["/work/application"]

# ---------------------------------------------------------------------------------------------------
# JVM build: the Quarkus fast-jar (target/quarkus-app) from the Maven wrapper.
# Only src/main is in the context of this stage; .dockerignore keeps the rest out.
# ---------------------------------------------------------------------------------------------------
FROM ${JDK_BUILDER_IMAGE} AS build
USER 185
WORKDIR /home/default/build
COPY --chown=185:0 .mvn/ .mvn/
COPY --chown=185:0 mvnw pom.xml ./
# Resolve plugins and dependencies in their own layer so a source-only change reuses them.
RUN --mount=type=cache,target=/home/default/.m2,uid=185 \
    ./mvnw -B -ntp -q dependency:resolve dependency:resolve-plugins -Dspotless.skip=true
COPY --chown=185:0 src/main/ src/main/
# the Hawtio route console (Maven profile `hawtio`, JVM image only; docs/decisions/0051)
COPY --chown=185:0 src/hawtio/ src/hawtio/
RUN --mount=type=cache,target=/home/default/.m2,uid=185 \
    ./mvnw -B -ntp package -Dmaven.test.skip=true -Dspotless.skip=true

# ---------------------------------------------------------------------------------------------------
# JVM runtime (default target). Copies exactly the fast-jar layout: quarkus-run.jar, lib/, app/, quarkus/.
# Files stay root-owned and read-only to uid 185, so the process cannot rewrite its own code; the only
# writable path it needs is /tmp (JIT/perf data, Vert.x file cache), mounted as an emptyDir in k8s.
# ---------------------------------------------------------------------------------------------------
FROM ${JVM_RUNTIME_IMAGE} AS jvm
ARG HUB_VERSION=0.1.0-SNAPSHOT
ARG VCS_REF=unknown
LABEL org.opencontainers.image.title="retail-connectivity-hub" \
      org.opencontainers.image.description="Retail Connectivity Hub (Camel on Quarkus), JVM image" \
      org.opencontainers.image.version="${HUB_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.licenses="Proprietary" \
      org.opencontainers.image.vendor="Retail Connectivity Hub team" \
      org.opencontainers.image.base.name="registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24"
ENV LANGUAGE="en_US:en" \
    JAVA_APP_JAR=/deployments/quarkus-run.jar \
    JAVA_MAX_RAM_RATIO=50 \
    JAVA_OPTS_APPEND="-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:+ExitOnOutOfMemoryError" \
    AB_JOLOKIA_OFF=true \
    HUB_ROUTES_DIR=/deployments/routes \
    QUARKUS_HTTP_HOST=0.0.0.0
COPY --from=build /home/default/build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /home/default/build/target/quarkus-app/quarkus-run.jar /deployments/quarkus-run.jar
COPY --from=build /home/default/build/target/quarkus-app/app/ /deployments/app/
COPY --from=build /home/default/build/target/quarkus-app/quarkus/ /deployments/quarkus/
# Routes and the ownership rules live outside the jar so a ConfigMap mounted here replaces them.
COPY routes/ /deployments/routes/
EXPOSE 8080 9000
USER 185:0
ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
