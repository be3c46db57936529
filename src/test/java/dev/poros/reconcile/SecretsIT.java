package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.SecretData;
import dev.poros.store.SecretVault;
import dev.poros.testing.Cli;
import dev.poros.testing.LogCapture;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values reach the vault and nothing else: not the DB's columns, the CLI, diffs or logs. */
class SecretsIT {
  static final List<String> VALUES =
      List.of("s3cr3t-A-password-42", "r0tated-B-password-77", "tok-A-9f8e7d6c5b");

  @TempDir Path tmp;

  @Test
  void secretValuesAppearNowhereButEncryptedInTheVault() throws IOException {
    List<String> printed = new ArrayList<>();
    String logs;
    Poros poros = new Poros(tmp.resolve("data"));
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        LogCapture log = new LogCapture()) {
      repo.copy("spine/db-creds.yaml", "db-creds.yaml")
          .copy("spine/app-token.yaml", "app-token.yaml")
          .commit("A");
      Cli.Result firstPlan = poros.run("plan", "--repo", repo.dir().toString(), "-o", "json");
      printed.add(firstPlan.all());
      assertThat(
              SyncReport.stepOf(Poros.json(firstPlan), "instance-secret:v1:db-creds")
                  .get("diff")
                  .toString())
          .contains("+    password: '***'");
      printed.add(poros.sync(repo).all());
      String hashBefore = (String) poros.resource("instance-secret:v1:db-creds").get("hash");
      repo.copy("spine/db-creds-rotated.yaml", "db-creds.yaml").commit("rotate");

      Cli.Result plan = poros.run("plan", "--repo", repo.dir().toString(), "-o", "json");
      printed.add(plan.all());
      printed.add(poros.run("plan", "--repo", repo.dir().toString()).all());
      printed.add(poros.sync(repo, "-o", "yaml").all());
      printed.add(poros.run("get", "-o", "json").all());
      printed.add(poros.run("get", "-o", "yaml").all());
      printed.add(poros.run("get").all());
      printed.add(poros.run("history", "-o", "json").all());
      printed.add(Cli.run("validate", repo.dir().toString(), "-o", "json").all());
      logs = log.text();

      Map<String, Object> step = SyncReport.stepOf(Poros.json(plan), "instance-secret:v1:db-creds");
      assertThat(step)
          .containsEntry("action", "update")
          .containsEntry("message", "secret data changed");
      assertThat(poros.resource("instance-secret:v1:db-creds").get("hash"))
          .isNotEqualTo(hashBefore);
    }

    for (String output : printed) {
      assertThat(output).doesNotContain(VALUES);
    }
    assertThat(logs).contains("sync repo=").doesNotContain(VALUES);
    for (String file : List.of("poros.db", "poros.db-wal", "poros.db-shm")) {
      Path path = poros.dataDir().resolve(file);
      if (Files.exists(path)) {
        assertThat(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1))
            .as(file)
            .doesNotContain(VALUES);
      }
    }
    SecretVault vault = poros.stores().vault();
    SecretData stored = poros.stores().db().read(c -> vault.load(c, "instance-secret:v1:db-creds"));
    assertThat(stored.values())
        .containsEntry("/instance-secret/data/password", "r0tated-B-password-77");
    assertThat(Files.getPosixFilePermissions(poros.dataDir().resolve(SecretVault.KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }
}
