package dev.poros.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.Resource;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.testing.Cli;
import dev.poros.testing.RepoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What DataOS gives every run (issue 17): {@code DATAOS_RESOURCE_ID}, {@code DATAOS_RUN_ID}, {@code
 * DATAOS_IS_DRY_RUN}, {@code DATAOS_WORKSPACE}, {@code DATAOS_FQDN} reach a workflow's job and a
 * service's replica; the instance's name and registry come from its configuration.
 */
class DataOsEnvironmentIT {
  static final String PRINT =
      "echo \"$DATAOS_RESOURCE_ID run=$DATAOS_RUN_ID dry=$DATAOS_IS_DRY_RUN"
          + " ws=$DATAOS_WORKSPACE fqdn=$DATAOS_FQDN\"";

  @RegisterExtension final RepoFixture fixture = new RepoFixture();

  static String workflow() {
    return "name: envs\nversion: v1\ntype: workflow\nworkspace: sales\nowner: t\nworkflow:\n"
        + "  dag:\n    - name: print\n      spec:\n        timeout: 1m\n        script: '"
        + PRINT
        + "'\n";
  }

  @Test
  void aWorkflowsJobAndAServicesReplicaGetDataOsVariables() throws Exception {
    fixture
        .repo()
        .write("envs.yaml", workflow())
        .write(
            "api.yaml",
            "name: api\nversion: v1\ntype: service\nowner: t\nservice:\n  servicePort: 1\n"
                + "  healthCheck: {command: [true]}\n"
                + "  command: [sh, -c, '"
                + PRINT
                + "; sleep 600']\n")
        .commit("a workflow and a service that print what DataOS gives them");

    Cli.Result sync = fixture.poros().sync(fixture.repo());
    assertThat(sync.exitCode()).as(sync.all()).isZero();
    Cli.Result again = fixture.poros().run("run", "workflow:v1:envs:sales");
    assertThat(again.exitCode()).as(again.all()).isZero();

    assertThat(fixture.poros().run("logs", "workflow:v1:envs:sales", "--run", "1").out())
        .isEqualTo("[print] workflow:v1:envs:sales run=1 dry=false ws=sales fqdn=localhost\n");
    assertThat(fixture.poros().run("logs", "workflow:v1:envs:sales", "--run", "2").out())
        .isEqualTo("[print] workflow:v1:envs:sales run=2 dry=false ws=sales fqdn=localhost\n");
    Path replicaLog = fixture.folder().resolve("data/logs/public/service-api/replica-0.log");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(replicaLog) && Files.readString(replicaLog).contains("fqdn="));
    assertThat(Files.readString(replicaLog))
        .containsPattern(
            "service:v1:api:public run=[0-9a-f]{6} dry=false ws=public fqdn=localhost");
  }

  @Test
  void theInstancesNameReachesJobsAndItsRegistryTheBuiltInStacksImages() throws Exception {
    fixture.repo().write("envs.yaml", workflow()).commit("a workflow");
    try (Wiring wiring =
        new Wiring(fixture.folder().resolve("data"), Clock.systemUTC())
            .withInstance(
                new Wiring.Instance("dataos.example.com", "registry.example.com/dataos"))) {
      wiring
          .reconciler("local")
          .reconcile(
              RepoSpec.of(fixture.repo().dir().toString(), null, ""), null, Trigger.CLI, false);
      wiring.awaitStartedRuns();
      assertThat(
              wiring.builtIn().stream()
                  .filter(r -> r.name().equals("flare-v7"))
                  .map(Resource::manifest)
                  .map(m -> m.at("/stack/image/registry").asString()))
          .containsExactly("registry.example.com/dataos");
    }
    assertThat(fixture.poros().run("logs", "workflow:v1:envs:sales").out())
        .isEqualTo(
            "[print] workflow:v1:envs:sales run=1 dry=false ws=sales fqdn=dataos.example.com\n");
  }
}
