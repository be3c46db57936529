package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.store.ProcessRecord;
import dev.poros.store.Stores;
import dev.poros.testing.Cli;
import dev.poros.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as it is written, on a clone of this repository in a temporary
 * folder: it builds the shaded jar, syncs the committed {@code repo-layout-example/} with the local
 * executor into {@code .poros/}, and lists what it recorded. What it started — the example's
 * service and worker, which outlive the command by design — is stopped afterwards. The clone's
 * example serves on a free port (committed there): a quick start running on this machine keeps
 * 8601.
 */
class QuickStartIT {
  @TempDir Path tmp;

  @Test
  void theReadmesFirstCommandBuildsTheJarSyncsTheExampleAndListsIt() throws Exception {
    String command = ReadmeTest.quickStartCommands().get(0);
    Path clone = tmp.resolve("poros");
    try (Git git =
        Git.cloneRepository()
            .setURI(Fixtures.PROJECT.toUri().toString())
            .setDirectory(clone.toFile())
            .call()) {
      Path service =
          clone.resolve("repo-layout-example/workspaces/public/services/orders-api.yaml");
      Files.writeString(
          service,
          Files.readString(service)
              .replace(Fixtures.EXAMPLE_PORT, String.valueOf(Fixtures.freePort())));
      PersonIdent tester = new PersonIdent("test", "test@localhost");
      git.commit()
          .setAll(true)
          .setMessage("a free port")
          .setAuthor(tester)
          .setCommitter(tester)
          .call();
    }
    Path output = tmp.resolve("quick-start.log");
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", command)
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    // the launcher's class-data archives, kept out of this machine's cache
    builder.environment().put("POROS_CDS_DIR", tmp.resolve("cds").toString());
    Process quickStart = builder.start();
    try {
      assertThat(quickStart.waitFor(10, TimeUnit.MINUTES)).as("the quick start ends").isTrue();
      String printed = Files.readString(output);
      assertThat(quickStart.exitValue()).as(printed).isZero();
      assertThat(clone.resolve("target/poros.jar")).exists();
      assertThat(tmp.resolve("cds"))
          .as("the launcher made the archives of sync and get")
          .isDirectoryContaining("glob:**-sync.jsa")
          .isDirectoryContaining("glob:**-get.jsa");
      assertThat(printed)
          .contains(
              "orders-api",
              "ingest-orders",
              "runnable-local",
              "lakehouse",
              "analytics-access",
              "active");
      Cli.Result validate = Cli.run("validate", clone.resolve("repo-layout-example").toString());
      assertThat(validate.exitCode()).as(validate.out()).isZero();
      assertThat(validate.out())
          .as("the example passes the shipped policies")
          .doesNotContain("warning");
    } finally {
      quickStart.destroyForcibly();
      stopWhatItStarted(clone.resolve(".poros"));
    }
  }

  /** The service and worker the quick start left running, as its Poros DB records them. */
  static void stopWhatItStarted(Path dataDir) {
    if (!Files.exists(dataDir)) {
      return;
    }
    Stores stores = Stores.open(dataDir, Clock.systemUTC());
    try {
      List<ProcessRecord> processes = stores.processes().all();
      for (ProcessRecord process : processes) {
        if (process.pid() != null) {
          ProcessHandle.of(process.pid())
              .ifPresent(
                  handle -> {
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                  });
        }
      }
    } finally {
      stores.db().close();
    }
  }
}
