package dev.poros.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.ResourceKey;
import dev.poros.model.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Poros DB made by an older version opens, upgrades and keeps its data. */
class MigrationsTest {
  @TempDir Path dataDir;

  @Test
  void aDatabaseCreatedByTheFirstSchemaVersionIsUpgradedWithItsDataIntact() {
    PorosDb v1 = PorosDb.open(dataDir, new Migrations(Migrations.ALL.subList(0, 1)));
    assertThat(v1.schemaVersion()).isEqualTo(1);
    v1.transaction(
        c -> {
          try (var st = c.createStatement()) {
            st.execute(
                "INSERT INTO repository (id, url, branch, path, last_commit) VALUES (1, '/srv/git/data', '', 'prod', 'abc123')");
            st.execute(
                """
            INSERT INTO resource (key, repository_id, type, version, name, workspace, layer, executor, spec_json, hash,
                                  commit_sha, source_file, status, runtime, health, message, created_at, updated_at)
            VALUES ('depot:v1:lake', 1, 'depot', 'v1', 'lake', NULL, 'user', 'local', '{}', 'h1', 'abc123',
                    'depots/lake.yaml', 'active', NULL, 'Healthy', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')""");
            st.execute(
                "INSERT INTO sync (repository_id, commit_sha, trigger, started_at, finished_at, outcome, created) VALUES (1, 'abc123', 'cli', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'succeeded', 1)");
          }
          return null;
        });

    PorosDb upgraded = PorosDb.open(dataDir);

    assertThat(upgraded.schemaVersion()).isEqualTo(Migrations.ALL.size());
    ResourceStore resources = new ResourceStore(upgraded, Clock.systemUTC());
    assertThat(resources.get(new ResourceKey("depot:v1:lake")))
        .hasValueSatisfying(
            r -> {
              assertThat(r.status()).isEqualTo(Status.ACTIVE);
              assertThat(r.hash()).isEqualTo("h1");
            });
    SyncRecord sync = new SyncStore(upgraded, Clock.systemUTC()).history(10).get(0);
    assertThat(sync.created()).isEqualTo(1);
    assertThat(sync.unchanged()).isZero();
    assertThat(sync.filesChanged()).isNull();
    assertThat(new RepositoryStore(upgraded).list())
        .extracting(RepositoryRecord::lastCommit)
        .containsExactly("abc123");
  }

  @Test
  void openingAnUpToDateDatabaseAppliesNothing() {
    PorosDb.open(dataDir);
    PorosDb again = PorosDb.open(dataDir);

    assertThat(again.schemaVersion()).isEqualTo(Migrations.ALL.size());
    int version = again.read(Migrations::version);
    assertThat(version).isEqualTo(Migrations.ALL.size());
  }

  @Test
  void theDatabaseRunsInWalModeWithForeignKeys() {
    PorosDb db = PorosDb.open(dataDir);

    String journal = db.read(c -> query(c, "PRAGMA journal_mode"));
    String foreignKeys = db.read(c -> query(c, "PRAGMA foreign_keys"));
    assertThat(journal).isEqualTo("wal");
    assertThat(foreignKeys).isEqualTo("1");
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      return rs.getString(1);
    }
  }
}
