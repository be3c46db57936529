package dev.poros.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The Poros DB file: opens it (WAL, foreign keys, a busy timeout so that a second process waits
 * rather than fails), migrates it, and runs work in transactions. Connections are kept in a small
 * pool: opening one costs more than most transactions.
 */
public final class PorosDb implements AutoCloseable {
  public static final String FILE_NAME = "poros.db";
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int POOLED_CONNECTIONS = 4;

  private final SQLiteDataSource dataSource;
  private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOLED_CONNECTIONS);
  private final Path file;
  private final int schemaVersion;

  private PorosDb(Path file, Migrations migrations) {
    this.file = file;
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    this.dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    try (Connection connection = dataSource.getConnection()) {
      this.schemaVersion = migrations.migrate(connection);
    } catch (SQLException e) {
      throw new StoreException("cannot open Poros DB " + file + ": " + e.getMessage(), e);
    }
  }

  /** Opens (creating if needed) {@code <dataDir>/poros.db} at the latest schema version. */
  public static PorosDb open(Path dataDir) {
    return open(dataDir, new Migrations(Migrations.ALL));
  }

  public static PorosDb open(Path dataDir, Migrations migrations) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    return new PorosDb(dataDir.resolve(FILE_NAME), migrations);
  }

  public Path file() {
    return file;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  /** Runs {@code work} in one transaction: all of its writes land, or none. */
  public <T> T transaction(SqlWork<T> work) {
    Connection connection = null;
    try {
      connection = borrow();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      discard(connection);
      connection = null;
      throw new StoreException("Poros DB " + file + ": " + e.getMessage(), e);
    } finally {
      if (connection != null && !idle.offer(connection)) {
        discard(connection);
      }
    }
  }

  private Connection borrow() throws SQLException {
    Connection pooled = idle.poll();
    return pooled != null ? pooled : dataSource.getConnection();
  }

  private static void discard(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // it is being thrown away because it failed; its close failing too changes nothing
      }
    }
  }

  /** Closes the pooled connections; transactions after this open new ones. */
  @Override
  public void close() {
    Connection connection;
    while ((connection = idle.poll()) != null) {
      discard(connection);
    }
  }

  /** Runs read-only {@code work} on one consistent snapshot of the DB. */
  public <T> T read(SqlWork<T> work) {
    return transaction(work);
  }
}
