package io.retailhub.sandbox.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.it.ExternalTool;
import io.retailhub.it.ExternalTool.Result;
import io.retailhub.sandbox.seed.RetailSeed;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the service desk simulator with node-zendesk, a Zendesk client we did not write. A failing
 * npm install fails the test: a skipped fidelity check would hide exactly what it exists to find.
 */
class ServiceDeskNodeZendeskFidelityTest {

  private static final File CLIENT_DIR = new File("src/test/js");

  @Test
  void nodeZendeskCreatesReadsAndSearchesAgainstTheSimulator() throws Exception {
    assertThat(run(List.of("npm", "install", "--no-audit", "--no-fund"), Map.of()).exitCode())
        .as("npm install in %s", CLIENT_DIR)
        .isZero();
    RetailSeed seed = RetailSeed.standard();
    try (ServiceDeskSimulator desk =
        new ServiceDeskSimulator(0, seed, () -> null, "unused").start()) {
      Result result =
          run(
              List.of("node", "--test", "servicedesk-node-zendesk.test.mjs"),
              Map.of(
                  "SERVICEDESK_URL", desk.baseUrl(),
                  "SERVICEDESK_EMAIL", ServiceDeskSimulator.AGENT_EMAIL,
                  "SERVICEDESK_TOKEN", desk.apiToken(),
                  "SERVICEDESK_CUSTOMER_EMAIL", seed.customers().get(7).email(),
                  "SERVICEDESK_USER_COUNT", String.valueOf(seed.customers().size() + 1)));
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("# pass 3").contains("# fail 0");
      assertThat(desk.ticketByExternalId("NODE-ZD-1")).isPresent();
      assertThat(desk.journal())
          .anySatisfy(entry -> assertThat(entry.path()).isEqualTo("/api/v2/users/search.json"));
    }
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws Exception {
    return ExternalTool.run(command, CLIENT_DIR.toPath(), environment);
  }
}
