package io.retailhub.sandbox.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/** A real single-node Kafka 4 broker in KRaft mode, in-process, bound to 127.0.0.1 only. */
public final class KafkaBroker implements AutoCloseable {

  private static final String CLUSTER_ID = "retailHubSandbox0000A";

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  public KafkaBroker(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port == 0 ? FreePorts.next() : port;
    this.controllerPort = FreePorts.next();
  }

  public KafkaBroker start() {
    try {
      Files.createDirectories(dataDir);
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", dataDir.resolve("logs").toString());
      props.put("num.partitions", "3");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "5");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("auto.create.topics.enable", "true");
      props.put("log.flush.interval.messages", "10000");
      Path config = dataDir.resolve("server.properties");
      try (Writer writer = Files.newBufferedWriter(config)) {
        props.store(writer, "sandbox kafka");
      }
      int rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", CLUSTER_ID, "-c", config.toString(), "--ignore-formatted"
              },
              new PrintStream(OutputStream.nullOutputStream()));
      if (rc != 0) {
        throw new IllegalStateException("kafka storage format failed with " + rc);
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Kafka in " + dataDir, e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
