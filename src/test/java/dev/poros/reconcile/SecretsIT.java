package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.model.SecretData;
import dev.poros.source.RepoSpec;
import dev.poros.store.SecretVault;
import dev.poros.testing.Cli;
import dev.poros.testing.LogCapture;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
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

  @Test
  void aSecretAWorkflowRunAndAWorkerUsedIsInNoFileAndNoLogLineInAnyForm() throws Exception {
    String value = "run/S3cret+Value=with&signs";
    List<String> forms =
        List.of(
            value,
            Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)),
            URLEncoder.encode(value, StandardCharsets.UTF_8));
    Path data = tmp.resolve("data");
    String logs;
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        LogCapture log = new LogCapture();
        Wiring wiring = new Wiring(data, Clock.systemUTC())) {
      var spec = RepoSpec.of(repo.dir().toString(), null, "");
      repo.write(
              "token.yaml",
              "name: run-token\nversion: v1\ntype: secret\nworkspace: public\nsecret:\n"
                  + "  type: key-value\n  data:\n    RUN_TOKEN: '"
                  + value
                  + "'\n")
          // each prints its whole environment, the secret's value among it
          .write(
              "job.yaml",
              "name: printer\nversion: v1\ntype: workflow\nworkspace: public\nworkflow:\n"
                  + "  dag:\n    - name: print\n      spec:\n        secrets: [run-token]\n"
                  + "        script: 'env; echo \"token=$RUN_TOKEN\"'\n")
          .write(
              "worker.yaml",
              "name: ticker\nversion: v1\ntype: worker\nworkspace: public\nworker:\n"
                  + "  secrets: [run-token]\n  script: 'env; echo \"token=$RUN_TOKEN\"; sleep 600'\n")
          .commit("a secret, a workflow and a worker using it");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      wiring.awaitStartedRuns();
      Path workerLogs = data.resolve("logs");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> grep(workerLogs, "token=***") >= 2);

      // scanned while the agent's DB is open: its -wal and -shm files exist only then
      scan(data, forms, true);

      repo.delete("worker.yaml").commit("the worker goes");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      logs = log.text();
    }

    assertThat(logs).contains("sync repo=");
    for (String form : forms) {
      assertThat(logs).as("Poros's log").doesNotContain(form);
    }
    scan(data, forms, false);
  }

  /**
   * No file of the data directory holds any of {@code forms} — but the vault's key, and the mirror
   * of the repository, which holds what its user committed.
   */
  static void scan(Path data, List<String> forms, boolean dbOpen) throws IOException {
    try (var files = Files.walk(data)) {
      List<Path> all =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !data.relativize(f).startsWith("repos"))
              .filter(f -> !f.getFileName().toString().equals(SecretVault.KEY_FILE))
              .toList();
      List<String> names = all.stream().map(f -> data.relativize(f).toString()).toList();
      assertThat(names).contains("poros.db").anySatisfy(f -> assertThat(f).endsWith(".log"));
      if (dbOpen) {
        assertThat(names).contains("poros.db-wal", "poros.db-shm");
      }
      for (Path file : all) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String form : forms) {
          assertThat(bytes).as(data.relativize(file) + " holds " + form).doesNotContain(form);
        }
      }
    }
  }

  /** How many lines of the files under {@code dir} contain {@code text}. */
  static long grep(Path dir, String text) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      long count = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        count += Files.readAllLines(file).stream().filter(l -> l.contains(text)).count();
      }
      return count;
    }
  }

  @Test
  void everyLineOfAMultiLineSecretIsMaskedInWorkflowServiceAndWorkerLogsOnlyTheirUserMayRead()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> pem =
        List.of(
            "-----BEGIN TEST KEY-----",
            "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf",
            "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+",
            "-----END TEST KEY-----");
    Path data = tmp.resolve("data");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(data, Clock.systemUTC())) {
      var spec = RepoSpec.of(repo.dir().toString(), null, "");
      repo.write(
              "key.yaml",
              "name: signing\nversion: v1\ntype: secret\nworkspace: public\nsecret:\n"
                  + "  type: key-value\n  data:\n    PEM: |\n      "
                  + String.join("\n      ", pem)
                  + "\n")
          .write(
              "job.yaml",
              "name: signer\nversion: v1\ntype: workflow\nworkspace: public\nworkflow:\n"
                  + "  dag:\n    - name: sign\n      spec:\n        secrets: [signing]\n"
                  + "        script: 'printf \"%s\\n\" \"$PEM\"; echo done-signing'\n")
          .write(
              "worker.yaml",
              "name: keeper\nversion: v1\ntype: worker\nworkspace: public\nworker:\n"
                  + "  secrets: [signing]\n"
                  + "  script: 'printf \"%s\\n\" \"$PEM\"; echo done-keeping; sleep 600'\n")
          .write(
              "service.yaml",
              "name: teller\nversion: v1\ntype: service\nworkspace: public\nservice:\n"
                  + "  servicePort: "
                  + port
                  + "\n  secrets: [signing]\n"
                  + "  script: 'printf \"%s\\n\" \"$PEM\"; echo done-serving;"
                  + " exec python3 -m http.server \"$PORT\" --bind 127.0.0.1'\n")
          .commit("a PEM key, printed by a run, a worker and a service");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      wiring.awaitStartedRuns();
      Path logs = data.resolve("logs");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  grep(logs, "done-signing")
                          + grep(logs, "done-keeping")
                          + grep(logs, "done-serving")
                      >= 3);

      List<Path> files;
      try (var walk = Files.walk(logs)) {
        files = walk.toList();
      }
      assertThat(files).anySatisfy(f -> assertThat(f.toString()).endsWith(".log"));
      for (Path file : files) {
        if (Files.isDirectory(file)) {
          assertThat(Files.getPosixFilePermissions(file))
              .as(file.toString())
              .isEqualTo(PosixFilePermissions.fromString("rwx------"));
          continue;
        }
        assertThat(Files.getPosixFilePermissions(file))
            .as(file.toString())
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = Files.readString(file);
        for (String line : pem) {
          assertThat(text).as(file + " holds a line of the key").doesNotContain(line);
        }
      }
      Cli.Result printed =
          Cli.run("logs", "workflow:v1:signer:public", "--data-dir", data.toString());
      assertThat(printed.out()).contains("done-signing", "***");
      for (String line : pem) {
        assertThat(printed.all()).doesNotContain(line);
      }

      repo.delete("worker.yaml").delete("service.yaml").commit("the worker and service go");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
    }
  }
}
