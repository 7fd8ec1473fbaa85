package io.retailhub.sandbox.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky's packaged binaries), bound to 127.0.0.1, with its data folder
 * kept across restarts. The hub gets its own database because Flyway refuses a non-empty schema.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String DATABASE = "hub";
  public static final String USER = "postgres";

  private final Path dataDir;
  private final Path binariesDir;
  private final int port;
  private EmbeddedPostgres postgres;

  public PostgresServer(Path dataDir, Path binariesDir, int port) {
    this.dataDir = dataDir;
    this.binariesDir = binariesDir;
    this.port = port == 0 ? FreePorts.next() : port;
  }

  public PostgresServer start() {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(binariesDir);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(binariesDir.toFile())
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "on")
              .start();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        try (ResultSet existing =
            statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
          if (!existing.next()) {
            statement.execute("CREATE DATABASE " + DATABASE);
          }
        }
      }
      return this;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  @Override
  public void close() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      postgres = null;
    }
  }
}
