package io.retailhub.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds what the hub's shared ObjectMapper will parse, whatever the source (HTTP, Kafka, JMS): a
 * hostile document cannot exhaust the stack with nesting or the heap with one huge number or name.
 * The edge ({@link JsonInputGuard}) enforces the same depth earlier for HTTP bodies.
 */
@Singleton
public class HubObjectMapperCustomizer implements ObjectMapperCustomizer {

  private final int maxDepth;

  public HubObjectMapperCustomizer(
      @ConfigProperty(name = "hub.http.json.max-depth", defaultValue = "32") int maxDepth) {
    this.maxDepth = maxDepth;
  }

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxNumberLength(100)
                .maxNameLength(1_000)
                .build());
  }
}
