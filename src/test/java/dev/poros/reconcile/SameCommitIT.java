package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.plan.PlanAction;
import dev.poros.source.RepoSpec;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync of the commit already synced, with nothing changed since, ends after the fetch: it writes
 * the sync row and the repository's sync time and nothing else. Anything its plan would read that
 * changed since — another repository's secret it uses, its own recorded state — makes it plan
 * again.
 */
class SameCommitIT {
  @TempDir Path tmp;

  @Test
  void theSameCommitReadWithOtherGlobsIsJudgedAgain() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.copy("spine/compute.yaml", "compute.yaml")
          .write(
              "more/batch.yaml",
              "name: batch\nversion: v1\ntype: compute\ncompute:\n  purpose: runnable\n")
          .commit("two computes, one in more/");
      Reconciler reconciler = wiring.reconciler("local");
      RepoSpec some = new RepoSpec(repo.dir().toString(), null, "", List.of("*.yaml"), List.of());
      reconciler.reconcile(some, null, Trigger.CLI, false);
      SyncResult again = reconciler.reconcile(some, null, Trigger.CLI, false);
      assertThat(again.plan().count(PlanAction.UNCHANGED)).isEqualTo(1);

      // the same commit, but the globs select more of it: not the inputs of the last sync
      RepoSpec all = RepoSpec.of(repo.dir().toString(), null, "");
      SyncResult wider = reconciler.reconcile(all, null, Trigger.CLI, false);

      assertThat(wider.plan().count(PlanAction.CREATE)).isEqualTo(1);
      assertThat(wider.plan().count(PlanAction.UNCHANGED)).isEqualTo(1);
    }
  }

  @Test
  void aSameCommitSyncWritesOnlyItsSyncRowUntilSomethingItUsesChanges() throws Exception {
    try (TestRepo platform = TestRepo.init(tmp.resolve("platform"));
        TestRepo team = TestRepo.init(tmp.resolve("team"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      platform.copy("spine/db-creds.yaml", "db-creds.yaml").commit("the platform's secret");
      team.copy("spine/warehouse.yaml", "warehouse.yaml")
          .copy("spine/compute.yaml", "compute.yaml")
          .copy("spine/access.yaml", "access.yaml")
          .commit("a depot using the platform's secret");
      RepoSpec platformSpec = RepoSpec.of(platform.dir().toString(), null, "");
      RepoSpec teamSpec = RepoSpec.of(team.dir().toString(), null, "");
      Reconciler reconciler = wiring.reconciler("local");
      reconciler.reconcile(platformSpec, null, Trigger.CLI, false);
      SyncResult first = reconciler.reconcile(teamSpec, null, Trigger.CLI, false);
      assertThat(first.problems()).isEmpty();
      reconciler.reconcile(teamSpec, null, Trigger.CLI, false);

      Map<String, List<String>> before = tables(tmp.resolve("data/poros.db"));
      SyncResult same = reconciler.reconcile(teamSpec, null, Trigger.CLI, false);
      Map<String, List<String>> after = tables(tmp.resolve("data/poros.db"));

      assertThat(same.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
      assertThat(same.plan().count(PlanAction.UNCHANGED)).isEqualTo(3);
      assertThat(same.plan().changes()).isFalse();
      assertThat(after.get("sync")).hasSize(before.get("sync").size() + 1);
      before.remove("sync");
      after.remove("sync");
      assertThat(after).as("every table but sync, as before").isEqualTo(before);
      assertThat(notes(tmp.resolve("data/poros.db")))
          .as("the newest two syncs, the judged one and the same-commit one, note the same")
          .hasSize(2)
          .allSatisfy(n -> assertThat(n).contains("resources-have-owner"))
          .satisfies(n -> assertThat(n.get(0)).isEqualTo(n.get(1)));

      assertThat(same.plan().steps())
          .as("nothing was loaded: only the ids of what is recorded were read")
          .allSatisfy(step -> assertThat(step.desired()).isNull());
      SyncResult full = reconciler.reconcile(teamSpec, null, Trigger.CLI, false, true);
      assertThat(full.plan().steps())
          .as("--full: the whole commit loaded, validated and planned, with the same verdict")
          .hasSize(3)
          .allSatisfy(step -> assertThat(step.desired()).isNotNull());
      assertThat(full.plan().changes()).isFalse();

      // the platform rotates the secret the team's depot uses: the team's same commit plans
      // again and applies the depot anew; the time after, it is trusted again
      platform.copy("spine/db-creds-rotated.yaml", "db-creds.yaml").commit("rotated");
      reconciler.reconcile(platformSpec, null, Trigger.CLI, false);
      SyncResult afterRotation = reconciler.reconcile(teamSpec, null, Trigger.CLI, false);
      assertThat(afterRotation.plan().steps())
          .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
          .extracting(s -> s.key().id() + ": " + s.reason())
          .containsExactly("depot:v1:warehouse: a resource it uses changed");
      assertThat(reconciler.reconcile(teamSpec, null, Trigger.CLI, false).plan().steps())
          .allSatisfy(step -> assertThat(step.desired()).isNull());

      // its own recorded state changed by hand (a row marked failed): planned again, re-applied
      try (Connection c =
              DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/poros.db"));
          Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE resource SET status = 'error' WHERE key = 'compute:v1:local'");
      }
      SyncResult afterError = reconciler.reconcile(teamSpec, null, Trigger.CLI, false);
      assertThat(afterError.plan().steps())
          .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
          .extracting(s -> s.key().id())
          .containsExactly("compute:v1:local");
    }
  }

  /** The warnings and audit findings the newest two syncs noted. */
  static List<String> notes(Path db) throws SQLException {
    List<String> notes = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT warning_count, warnings, audit_count, audits FROM sync"
                    + " ORDER BY id DESC LIMIT 2")) {
      while (rs.next()) {
        notes.add(
            rs.getInt(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4));
      }
    }
    return notes;
  }

  /** Every table's rows as text, the repository's sync time left out (a sync moves it). */
  static Map<String, List<String>> tables(Path db) throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + name + " ORDER BY 1")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              if (!(name.equals("repository")
                  && rs.getMetaData().getColumnName(i).equals("last_synced_at"))) {
                row.append(rs.getMetaData().getColumnName(i))
                    .append('=')
                    .append(rs.getString(i))
                    .append(' ');
              }
            }
            rows.add(row.toString());
          }
        }
        tables.put(name, rows);
      }
    }
    return tables;
  }
}
