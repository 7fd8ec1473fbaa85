package io.retailhub.sandbox.stack;

import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.identity.LocalTokenIssuer;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The sandbox: real Kafka, Artemis and PostgreSQL servers plus the platform simulators, all on
 * 127.0.0.1. The local run ({@link SandboxLauncher}) and the integration tests ({@code
 * SandboxTestResource}) both start exactly this.
 */
public final class SandboxStack implements AutoCloseable {

  /** Where the stack keeps its state and which ports it takes; 0 picks a free port. */
  public record Settings(
      Path dataDir,
      Path postgresBinariesDir,
      int kafkaPort,
      int artemisPort,
      int postgresPort,
      int erpPort,
      int serviceDeskPort,
      int salesforcePort,
      int hubHttpPort) {}

  /** Paths where the hub receives platform webhooks. */
  public static final String ERP_WEBHOOK_PATH = "/webhooks/erp/events";

  public static final String SERVICEDESK_WEBHOOK_PATH = "/webhooks/servicedesk/tickets";

  public static final String SERVICEDESK_USER_WEBHOOK_PATH = "/webhooks/servicedesk/users";

  /** The connected app the hub logs in as (client-credentials grant). */
  public static final String SALESFORCE_CLIENT_ID = "retail-hub";

  private final Settings settings;
  private final String artemisPassword;
  private final String erpWebhookSecret = SandboxSecrets.random();
  private final String serviceDeskWebhookSecret = SandboxSecrets.random();
  private ErpSimulator erp;
  private ServiceDeskSimulator serviceDesk;
  private SalesforceSimulator salesforce;
  private final String salesforceClientSecret = SandboxSecrets.random();
  private LocalTokenIssuer tokenIssuer;
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private KafkaBroker kafka;
  private ArtemisBroker artemis;
  private PostgresServer postgres;

  public SandboxStack(Settings settings, String artemisPassword) {
    this.settings = settings;
    this.artemisPassword = artemisPassword;
  }

  public SandboxStack start() {
    long startedAt = System.nanoTime();
    // the three servers are independent, so they start side by side
    CompletableFuture<PostgresServer> pg =
        CompletableFuture.supplyAsync(
            () ->
                new PostgresServer(
                        settings.dataDir().resolve("postgres"),
                        settings.postgresBinariesDir(),
                        settings.postgresPort())
                    .start());
    CompletableFuture<ArtemisBroker> mq =
        CompletableFuture.supplyAsync(
            () ->
                new ArtemisBroker(
                        settings.dataDir().resolve("artemis"),
                        settings.artemisPort(),
                        artemisPassword)
                    .start());
    kafka = new KafkaBroker(settings.dataDir().resolve("kafka"), settings.kafkaPort()).start();
    started.add(kafka);
    artemis = mq.join();
    started.add(artemis);
    postgres = pg.join();
    started.add(postgres);
    RetailSeed seed = RetailSeed.standard();
    String hub = "http://127.0.0.1:" + settings.hubHttpPort();
    erp =
        own(
            new ErpSimulator(
                    settings.erpPort(), seed, () -> hub + ERP_WEBHOOK_PATH, erpWebhookSecret)
                .start());
    serviceDesk =
        own(
            new ServiceDeskSimulator(
                    settings.serviceDeskPort(),
                    seed,
                    () -> hub + SERVICEDESK_WEBHOOK_PATH,
                    () -> hub + SERVICEDESK_USER_WEBHOOK_PATH,
                    serviceDeskWebhookSecret)
                .start());
    salesforce = own(new SalesforceSimulator(settings.salesforcePort(), seed));
    salesforce.addClient(SALESFORCE_CLIENT_ID, salesforceClientSecret);
    salesforce.start();
    // the stack runs either on fixed ports (launcher) or on free ports (tests); the issuer follows
    tokenIssuer =
        own(
            new LocalTokenIssuer(settings.erpPort() == 0 ? 0 : LocalTokenIssuer.SANDBOX_PORT)
                .start());
    System.out.printf(
        "sandbox: kafka %s, artemis %s, postgres %s, erp %s, service desk %s, salesforce %s, token"
            + " issuer %s up in %d ms%n",
        kafka.bootstrapServers(),
        artemis.url(),
        postgres.jdbcUrl(),
        erp.baseUrl(),
        serviceDesk.baseUrl(),
        salesforce.baseUrl(),
        tokenIssuer.baseUrl(),
        (System.nanoTime() - startedAt) / 1_000_000);
    return this;
  }

  /** The hub configuration that points it at this stack. */
  public Map<String, String> hubConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    config.put("hub.artemis.url", artemis.url());
    config.put("hub.artemis.user", ArtemisBroker.USER);
    config.put("hub.artemis.password", artemisPassword);
    config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
    config.put("quarkus.datasource.username", PostgresServer.USER);
    config.put("hub.erp.base-url", erp.baseUrl());
    config.put("hub.erp.webhook-secret", erpWebhookSecret);
    config.put("hub.servicedesk.base-url", serviceDesk.baseUrl());
    config.put("hub.servicedesk.api-token", serviceDesk.apiToken());
    config.put("hub.servicedesk.webhook-secret", serviceDeskWebhookSecret);
    config.put("hub.salesforce.login-url", salesforce.baseUrl());
    config.put("hub.salesforce.client-id", SALESFORCE_CLIENT_ID);
    config.put("hub.salesforce.client-secret", salesforceClientSecret);
    config.put("mp.jwt.verify.publickey.location", tokenIssuer.jwksUrl());
    config.put("mp.jwt.verify.issuer", tokenIssuer.issuer());
    return config;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public ArtemisBroker artemis() {
    return artemis;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public ErpSimulator erp() {
    return erp;
  }

  public ServiceDeskSimulator serviceDesk() {
    return serviceDesk;
  }

  public SalesforceSimulator salesforce() {
    return salesforce;
  }

  public LocalTokenIssuer tokenIssuer() {
    return tokenIssuer;
  }

  /** Registers something started alongside the stack so it stops with it, in reverse order. */
  public <T extends AutoCloseable> T own(T resource) {
    started.add(resource);
    return resource;
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("sandbox: failed to stop " + resource + ": " + e);
      }
    }
    started.clear();
  }
}
