package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacks as resources: schema-checked stackSpecs, rendering, and stacks that may not go while used.
 */
class StacksIT {
  static final String STACK = "stack:v1alpha:greeter-v1";
  static final String SERVICE = "service:v1:hello:public";

  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;

  @BeforeEach
  void setUp() {
    repo = TestRepo.init(tmp.resolve("repo"));
    poros = new Poros(tmp.resolve("data"));
    repo.copy("stacks/greeter-stack.yaml", "stacks/greeter.yaml");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aStackSpecThatDoesNotFitTheStacksSchemaIsRejectedAtItsPath() {
    repo.copy("stacks/hello-service-bad.yaml", "services/hello.yaml").commit("bad stackSpec");

    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).isEqualTo(1);
    assertThat(SyncReport.problems(Poros.json(sync)))
        .containsExactlyInAnyOrder(
            "services/hello.yaml:8: service.stackSpec.greeting: required field missing (schema of stack greeter:1.0)",
            "services/hello.yaml:11: service.stackSpec.targets[1]: integer found, string expected (schema of stack greeter:1.0)");
    assertThat(poros.resource(SERVICE)).containsEntry("status", "error");
    assertThat(poros.resource(STACK)).containsEntry("status", "active");
  }

  @Test
  void aServiceOfTheStackReadsItsConfigFileWhereTheStackSaysItIs() {
    repo.copy("stacks/hello-service.yaml", "services/hello.yaml").commit("good");

    Cli.Result sync = poros.sync(repo);

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    // the stack's command cats /etc/dataos/config/greeter.yaml, pointed at the replica's folder
    Path log = tmp.resolve("data/logs/public/service-hello/replica-0.log");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(log) && Files.readString(log).contains("greeting: hello"));
    assertThat(tmp.resolve("data/services/public/service-hello/replica-0/config/greeter.yaml"))
        .exists();
  }

  @Test
  void aMalformedSuccessConditionIsAProblemAtItsFileLineAndField() throws Exception {
    Path dir = tmp.resolve("manifests");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("stack.yaml"),
        """
        name: spark-v1
        version: v1alpha
        type: stack
        stack:
          name: spark
          version: "1.0"
          workflowJobConfig:
            resourceTemplateConfig:
              successCondition: "status.phase ~ Done"
              resourceTemplate: |
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
        """);

    Cli.Result validate = Cli.run("validate", dir.toString());

    assertThat(validate.exitCode()).as(validate.all()).isEqualTo(1);
    assertThat(validate.out())
        .contains(
            "stack.yaml:9: stack.workflowJobConfig.resourceTemplateConfig.successCondition:"
                + " 'status.phase ~ Done' is not a requirement");
  }

  @Test
  void withTheKubernetesExecutorRenderShowsTheObjectsWithoutAClusterSecretsMasked() {
    repo.copy("stacks/hello-service.yaml", "services/hello.yaml")
        .write(
            "secrets/api.yaml",
            "name: api\nversion: v1\nworkspace: public\ntype: secret\nsecret:\n"
                + "  type: key-value-properties\n  acl: r\n  data: {TOKEN: s3cr3t-token}\n")
        .commit("a service and a secret");
    String[] kubernetes = {
      "--repo", repo.dir().toString(), "--executor", "kubernetes", "--kubeconfig", "/nonexistent"
    };

    Cli.Result service = poros.run(concat("render", "hello", kubernetes));
    Cli.Result secret = poros.run(concat("render", "secret:v1:api:public", kubernetes));

    assertThat(service.exitCode()).as(service.all()).isZero();
    assertThat(service.out())
        .startsWith("---\napiVersion: apps/v1\nkind: Deployment\n")
        .contains(
            "---\napiVersion: v1\nkind: Service\n",
            "name: hello",
            "namespace: public",
            "app.kubernetes.io/managed-by: poros",
            "mountPath: /etc/dataos/config",
            "port: 8080",
            "kind: ConfigMap",
            "greeting: hello")
        .contains("kind: Secret", "name: hello-env", "MODE: '***'");
    assertThat(secret.exitCode()).as(secret.all()).isZero();
    assertThat(secret.out())
        .contains("kind: Secret", "TOKEN: '***'")
        .doesNotContain("s3cr3t-token", "czNjcjN0LXRva2Vu");
  }

  static String[] concat(String command, String resource, String[] options) {
    List<String> all = new ArrayList<>(List.of(command, resource));
    all.addAll(List.of(options));
    return all.toArray(String[]::new);
  }

  @Test
  void aGoodStackSpecRendersTheStacksConfigFile() {
    repo.copy("stacks/hello-service.yaml", "services/hello.yaml").commit("good");

    Cli.Result render = poros.run("render", "--repo", repo.dir().toString(), "hello");

    assertThat(render.exitCode()).as(render.all()).isZero();
    // the run's id of a service is its version's stamp
    assertThat(render.out().replaceAll("DATAOS_RUN_ID=[0-9a-f]{6}", "DATAOS_RUN_ID=STAMP"))
        .isEqualTo(
            """
        job hello (stack greeter:1.0)
          command: ["sh","-c","exec cat /etc/dataos/config/greeter.yaml"]
          secrets: projected as envVars
          environment:
            DATAOS_FQDN=localhost
            DATAOS_IS_DRY_RUN=false
            DATAOS_RESOURCE_ID=service:v1:hello:public
            DATAOS_RUN_ID=STAMP
            DATAOS_WORKSPACE=public
            GREETER_HOME=/opt/greeter
            MODE=friendly
          config file greeter.yaml:
            greeting: hello
            targets:
            - world
            - git
            logger:
              level: DEBUG
              name: hello-service
            # env GREETER_HOME="/opt/greeter"
            # env MODE="friendly"
        """);
  }

  @Test
  void aStackThatAServiceStillUsesIsNotDeletedAndTheUserIsNamed() {
    repo.copy("stacks/hello-service.yaml", "services/hello.yaml").commit("stack and service");
    assertThat(poros.sync(repo).exitCode()).isZero();

    repo.delete("stacks/greeter.yaml").commit("remove the stack only");
    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).isEqualTo(1);
    assertThat(SyncReport.stepOf(Poros.json(sync), STACK))
        .containsEntry("action", "held")
        .containsEntry("message", "kept: still used by " + SERVICE);
    assertThat(poros.resource(STACK)).containsEntry("status", "error");
    assertThat(poros.resource(SERVICE)).containsEntry("status", "active");

    repo.delete("services/hello.yaml").commit("remove the service too");
    Cli.Result both = poros.sync(repo, "-o", "json", "--allow-empty");

    assertThat(both.exitCode()).as(both.all()).isZero();
    assertThat(SyncReport.changedSteps(Poros.json(both)))
        .containsOnly(Map.entry(SERVICE, "deleted"), Map.entry(STACK, "deleted"));
    assertThat(SyncReport.steps(Poros.json(both)))
        .extracting(s -> s.get("id"))
        .containsSubsequence(SERVICE, STACK);
  }

  @Test
  void removingAStackAndItsUserInOneCommitDeletesBoth() {
    repo.copy("stacks/hello-service.yaml", "services/hello.yaml").commit("stack and service");
    poros.sync(repo);

    repo.delete("stacks/greeter.yaml").delete("services/hello.yaml").commit("remove both");
    Cli.Result sync = poros.sync(repo, "-o", "json", "--allow-empty");

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    assertThat(SyncReport.changedSteps(Poros.json(sync)))
        .containsOnly(Map.entry(SERVICE, "deleted"), Map.entry(STACK, "deleted"));
  }

  @Test
  void aStackThatOnlyNamesAnImageFailsUnderTheLocalExecutorInsteadOfPretending() {
    repo.write(
            "services/web.yaml",
            "name: web\nversion: v1\ntype: service\nservice:\n  stack: container\n"
                + "  stackSpec:\n    image: nginx:1.27\n")
        .write(
            "services/tool.yaml",
            "name: tool\nversion: v1\ntype: service\nservice:\n  command: [no-such-program-here]\n")
        .commit("image only");

    Cli.Result sync = poros.sync(repo);

    assertThat(sync.exitCode()).isEqualTo(1);
    assertThat(poros.resource("service:v1:web:public"))
        .containsEntry("status", "error")
        .containsEntry(
            "message",
            "failed: job web: stack container:1.0 runs image nginx:1.27 and names no command "
                + "the local executor can run; use --executor kubernetes");
    assertThat(poros.resource("service:v1:tool:public"))
        .containsEntry(
            "message",
            "failed: job tool: 'no-such-program-here' is not installed on this machine (stack shell:1.0)");
  }

  @Test
  void anUnknownStackIsAnErrorListingTheStacksThereAre() {
    repo.write(
            "services/hello.yaml",
            "name: hello\nversion: v1\ntype: service\nservice:\n  stack: flare:9.0\n")
        .commit("unknown");

    Cli.Result validate = Cli.run("validate", repo.dir().toString());

    assertThat(validate.out())
        .contains(
            "services/hello.yaml:5: service.stack: stack 'flare:9.0' is not declared (stacks:"
                + " alpha:1.0, beacon+graphql:1.0, beacon+rest:1.0, bento:3.0, bento:4.0,"
                + " container:1.0, dataos-ctl:1.0, dbt+python:1.0, fastfun+alpha:1.0,"
                + " fastfun+alpha:2.0, flare:3.0, flare:4.0, flare:5.0, flare:6.0, flare:7.0,"
                + " flash+python:1.0, flash+python:2.0, greeter:1.0, nilus:1.0, nilus:3.0,"
                + " python3:1.0, scanner:2.0, shell:1.0, soda+python:1.0, stream-monitor:1.0)");
  }

  @Test
  void builtInResourcesAreListedWithAllAndARepositoryMayOverrideThem() {
    repo.write(
            "computes/runnable-default.yaml",
            "name: runnable-default\nversion: v1\ntype: compute\ndescription: ours\ncompute:\n  purpose: runnable\n")
        .commit("override");
    poros.sync(repo);

    assertThat(poros.get())
        .extracting(r -> r.get("id"))
        .contains("compute:v1:runnable-default", STACK)
        .doesNotContain("compute:v1:query-default", "stack:v1alpha:shell-v1");
    assertThat(poros.resource("compute:v1:query-default"))
        .containsEntry("layer", "system")
        .containsEntry("status", "active");
    assertThat(poros.resource("stack:v1alpha:container-v1")).containsEntry("layer", "system");
    assertThat(poros.resource("compute:v1:runnable-default")).containsEntry("layer", "user");

    repo.delete("computes/runnable-default.yaml").commit("back to the built-in");
    poros.sync(repo);

    assertThat(poros.resource("compute:v1:runnable-default"))
        .containsEntry("layer", "system")
        .containsEntry("status", "active");
  }
}
