package dev.poros.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.testing.Cli;
import dev.poros.testing.Pids;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission policies in the synced repository (issue 16): a policy applies to the commit that
 * declares it and stops applying when a later commit removes it; a denied change leaves what runs
 * as it was; a broken policy is reported and denies nothing while the others still hold.
 */
class AdmissionPolicyIT {
  static final String SERVICE = "service:v1:api:public";

  @TempDir Path tmp;

  static String service(int replicas) {
    return "name: api\nversion: v1\ntype: service\nowner: web\nservice:\n  servicePort: 1\n"
        + "  replicas: "
        + replicas
        + "\n  healthCheck: {command: [true]}\n  command: [sleep, '600']\n";
  }

  static final String REPLICA_LIMIT =
      """
      name: replica-limit
      version: v1
      type: admission-policy
      owner: platform
      admission-policy:
        match: {types: [service]}
        validations:
          - expression: resource.service.replicas <= 2
            messageExpression: "'replicas ' + string(resource.service.replicas) + ' > 2'"
        action: deny
      ---
      name: depots-described
      version: v1
      type: admission-policy
      owner: platform
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: has(resource.description)
            message: a depot says what it holds
        action: warn
      ---
      name: depots-have-specs
      version: v1
      type: admission-policy
      owner: platform
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: has(resource.depot.spec)
            message: a depot without a spec
        action: audit
      """;

  @Test
  void aPolicyInACommitJudgesThatCommitAndLeavesWhatRunsAsItWasUntilItIsRemoved() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      String first =
          repo.write("api.yaml", service(1))
              .write(
                  "lake.yaml",
                  "name: lake\nversion: v1\ntype: depot\nowner: d\ndepot: {type: S3}\n")
              .commit("a service");
      Cli.Result synced = poros.sync(repo);
      assertThat(synced.exitCode()).as(synced.all()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> pid(poros) != null);
      long pid = pid(poros);

      repo.write("policies.yaml", REPLICA_LIMIT).write("api.yaml", service(3)).commit("limit");
      Cli.Result plan = poros.run("plan", "--repo", repo.dir().toString());
      assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
      assertThat(plan.all())
          .contains("api.yaml:1: policy replica-limit: replicas 3 > 2")
          .contains("lake.yaml:1: policy depots-described: a depot says what it holds (warn)");

      Cli.Result denied = poros.sync(repo);
      assertThat(denied.exitCode()).as(denied.all()).isEqualTo(1);
      assertThat(denied.all())
          .contains("api.yaml:1: policy replica-limit: replicas 3 > 2")
          .contains("policy depots-described: a depot says what it holds (warn)");
      assertThat(recorded(poros).commit())
          .as("the service as the first commit had it")
          .isEqualTo(first);
      assertThat(Json.JSON.readTree(recorded(poros).maskedJson()).at("/service/replicas").asInt())
          .isEqualTo(1);
      assertThat(pid(poros)).as("the same process").isEqualTo(pid);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      assertThat(poros.resource(SERVICE))
          .as("the running version stays, its new one is refused")
          .containsEntry("runtime", "running")
          .containsEntry("message", "invalid: api.yaml:1: policy replica-limit: replicas 3 > 2");
      assertThat(poros.resource("admission-policy:v1:replica-limit")).isNotNull();
      // the sync records what it warned of and what it audited (the API and dashboard show it)
      Map<String, Object> judged = Poros.jsonArray(poros.run("history", "-o", "json")).get(0);
      assertThat(judged)
          .containsEntry("warningCount", 1)
          .containsEntry(
              "warnings",
              List.of("lake.yaml:1: policy depots-described: a depot says what it holds (warn)"))
          .containsEntry("auditCount", 1)
          .containsEntry(
              "audits",
              List.of("lake.yaml:1: policy depots-have-specs: a depot without a spec (audit)"));
      assertThat(denied.all()).doesNotContain("a depot without a spec");

      String lifted = repo.delete("policies.yaml").commit("no limit");
      Cli.Result applied = poros.sync(repo);
      assertThat(applied.exitCode()).as(applied.all()).isZero();
      assertThat(applied.all()).doesNotContain("policy replica-limit");
      assertThat(recorded(poros).commit()).isEqualTo(lifted);
      assertThat(Json.JSON.readTree(recorded(poros).maskedJson()).at("/service/replicas").asInt())
          .isEqualTo(3);
      assertThat(poros.resource("admission-policy:v1:replica-limit"))
          .containsEntry("status", "deleted");
    }
  }

  @Test
  void underTheKubernetesExecutorPoliciesOnKindsCheckTheObjectsAServiceBecomes() throws Exception {
    String service =
        "name: api\nversion: v1\ntype: service\nowner: web\nservice:\n  replicas: %d\n"
            + "  servicePort: 8080\n  stack: shell\n  command: [sh, -c, 'echo serving']\n"
            + "  healthCheck: {httpGet: {path: /, port: 8080}}\n%s";
    String limits =
        "  resources:\n    requests: {cpu: 100m, memory: 100Mi}\n"
            + "    limits: {cpu: 250m, memory: 250Mi}\n";
    String policy =
        """
        name: deployment-replicas
        version: v1
        type: admission-policy
        owner: platform
        admission-policy:
          match: {kinds: [apps/Deployment]}
          validations:
            - expression: object.spec.replicas <= 2
              messageExpression: "'replicas ' + string(object.spec.replicas) + ' > 2'"
          action: deny
        """;
    // plans read no cluster: an address nothing answers on is enough
    Path kubeconfig = tmp.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
            + "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
            + "users: [{name: u, user: {token: t}}]\n");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      repo.write("api.yaml", service.formatted(3, "")).write("policy.yaml", policy).commit("api");
      String[] plan = {
        "plan",
        "--repo",
        repo.dir().toString(),
        "--executor",
        "kubernetes",
        "--kubeconfig",
        kubeconfig.toString()
      };

      Cli.Result onCluster = poros.run(plan);
      assertThat(onCluster.exitCode()).as(onCluster.all()).isEqualTo(1);
      assertThat(onCluster.all())
          .contains("api.yaml:1: policy deployment-replicas: Deployment api: replicas 3 > 2")
          .contains(
              "api.yaml:1: policy workloads-set-requests-and-limits: Deployment api: containers"
                  + " without resource requests and limits: main (warn)");

      Cli.Result local = poros.run("plan", "--repo", repo.dir().toString());
      assertThat(local.exitCode()).as("no Deployment to check: " + local.all()).isZero();
      assertThat(local.all()).doesNotContain("Deployment api");

      // the service's DataOS resources become its container's requests and limits
      repo.write("api.yaml", service.formatted(2, limits)).commit("two, with limits");
      Cli.Result fixed = poros.run(plan);
      assertThat(fixed.exitCode()).as(fixed.all()).isZero();
      assertThat(fixed.all()).doesNotContain("policy deployment-replicas").doesNotContain("(warn)");
    }
  }

  @Test
  void aPolicyThatDoesNotCompileErrsOrRunsOverItsBudgetIsReportedAndTheOthersStillHold() {
    String tags = String.join(", ", Collections.nCopies(80, "t"));
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write(
              "policies.yaml",
              """
              name: broken-syntax
              version: v1
              type: admission-policy
              admission-policy:
                validations:
                  - expression: resource.(
              ---
              name: type-error
              version: v1
              type: admission-policy
              admission-policy:
                match: {types: [depot]}
                validations:
                  - expression: resource.depot.type > 3
              ---
              name: too-costly
              version: v1
              type: admission-policy
              admission-policy:
                match: {types: [depot]}
                validations:
                  - expression: resource.tags.all(a, resource.tags.all(b, resource.tags.all(c, a == b)))
              ---
              name: no-ftp
              version: v1
              type: admission-policy
              admission-policy:
                match: {types: [depot]}
                validations:
                  - expression: resource.depot.type != 'FTP'
                    message: FTP sends passwords in the clear
              """)
          .write(
              "depots.yaml",
              "name: lake\nversion: v1\ntype: depot\ntags: ["
                  + tags
                  + "]\ndepot: {type: S3}\n---\nname: old\nversion: v1\ntype: depot\ndepot: {type: FTP}\n")
          .commit("policies, some broken");
      Poros poros = new Poros(tmp.resolve("data"));

      Cli.Result result =
          poros.sync(repo, "--policy-disable", String.join(",", StandingPolicies.shippedNames()));

      assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
      assertThat(result.all())
          .contains(
              "policies.yaml:6: admission-policy.validations[0].expression: policy broken-syntax: does not compile, at 1:10: no viable alternative at input '.('")
          .containsPattern(
              "policies.yaml:14: admission-policy\\.validations\\[0\\]\\.expression: policy type-error: cannot judge depot:v1:(lake|old): .*; it denies nothing")
          .contains(
              "policy too-costly: cannot judge depot:v1:lake: evaluation ran over its cost budget of 100000 steps; it denies nothing")
          .contains("depots.yaml:7: policy no-ftp: FTP sends passwords in the clear");
      assertThat(poros.resource("depot:v1:lake")).containsEntry("status", "active");
      assertThat(poros.resource("depot:v1:old"))
          .containsEntry("status", "error")
          .containsEntry(
              "message", "invalid: depots.yaml:7: policy no-ftp: FTP sends passwords in the clear");
      assertThat(poros.resource("admission-policy:v1:broken-syntax").get("message").toString())
          .startsWith("invalid: policies.yaml:6: ");
    }
  }

  static RecordedResource recorded(Poros poros) {
    return poros.stores().resources().get(new ResourceKey(SERVICE)).orElseThrow();
  }

  static Long pid(Poros poros) {
    return Pids.of(poros.stores(), SERVICE);
  }
}
