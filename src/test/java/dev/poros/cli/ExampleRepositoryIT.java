package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's sync, in this JVM: this very repository's committed {@code
 * repo-layout-example/} syncs cleanly with the local executor.
 */
class ExampleRepositoryIT {
  @TempDir Path dataDir;

  @Test
  void theExampleLayoutOfThisRepositorySyncsCleanly() {
    Poros poros = new Poros(dataDir);

    Cli.Result sync =
        poros.run("sync", "--repo", ReadmeTest.ROOT.toString(), "--path", "repo-layout-example");

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    List<Map<String, Object>> resources = poros.get();
    assertThat(resources)
        .extracting(r -> r.get("type"))
        .containsExactlyInAnyOrder(
            "compute",
            "depot",
            "instance-secret",
            "policy",
            "secret",
            "service",
            "worker",
            "workflow",
            "workflow");
    assertThat(resources).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("active"));
    assertThat(poros.resource("workflow:v1:ingest-orders:public"))
        .as("a scheduled workflow waiting for its first run")
        .containsEntry("runtime", "pending")
        .containsEntry("health", "Healthy")
        .containsEntry("message", "scheduled: 0 0 2 * * ?");
    assertThat(resources).extracting(r -> r.get("workspace")).contains("public", "analytics");
    Cli.Result validate =
        Cli.run("validate", ReadmeTest.ROOT.resolve("repo-layout-example").toString());
    assertThat(validate.exitCode()).as(validate.out()).isZero();
  }
}
