package io.retailhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.it.ExternalTool;
import io.retailhub.it.ExternalTool.Result;
import io.retailhub.sandbox.seed.RetailSeed;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/js/salesforce-jsforce.test.mjs} (jsforce, the community's Salesforce client)
 * against the simulator. It needs {@code node} and {@code npm} on the PATH; without them the test
 * is reported as skipped with the reason, and a failing {@code npm install} fails it.
 */
class SalesforceSimulatorJsforceTest {

  private static final Path SCRIPTS = Path.of("src", "test", "js");

  private SalesforceSimulator simulator;

  @BeforeEach
  void start() {
    simulator = new SalesforceSimulator(0, RetailSeed.standard()).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void jsforceLogsInQueriesCreatesAndUpserts() throws Exception {
    Assumptions.assumeTrue(
        ExternalTool.onPath("node") && ExternalTool.onPath("npm"),
        "node and npm must be on the PATH to run the jsforce checks");

    Result install = ExternalTool.npmInstall(SCRIPTS);
    assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();

    Result jsforce =
        run(
            List.of("node", "--test", "salesforce-jsforce.test.mjs"),
            Map.of(
                "SF_LOGIN_URL", simulator.baseUrl(),
                "SF_CLIENT_ID", SalesforceSimulator.DEFAULT_CLIENT_ID,
                "SF_CLIENT_SECRET", SalesforceSimulator.DEFAULT_CLIENT_SECRET,
                "SF_USERNAME", SalesforceSimulator.DEFAULT_USERNAME,
                "SF_PASSWORD", SalesforceSimulator.DEFAULT_PASSWORD));

    assertThat(jsforce.exitCode()).as("jsforce test output:%n%s", jsforce.output()).isZero();
    assertThat(jsforce.output()).contains("# pass 6").contains("# fail 0");
    assertThat(
            simulator
                .record("Inventory_Position__c", "Position_Key__c", "SKU-0042@S002")
                .orElseThrow())
        .containsEntry("On_Hand__c", new BigDecimal("6"))
        .containsEntry("Source_Sequence__c", new BigDecimal("18"));
    assertThat(simulator.journal())
        .anyMatch(
            e ->
                e.method().equals("PATCH")
                    && e.path()
                        .equals(
                            "/services/data/v62.0/sobjects/Inventory_Position__c/Position_Key__c/SKU-0042@S002"));
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws Exception {
    return ExternalTool.run(command, SCRIPTS, environment);
  }
}
