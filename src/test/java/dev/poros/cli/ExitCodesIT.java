package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 0 success, 1 some resource failed or invalid, 2 usage or environment — each with its reason. */
class ExitCodesIT {
  @TempDir Path tmp;

  @Test
  void validatePrintsEachErrorAsFileLineFieldMessageAndExitsOne() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.copy("spine/compute.yaml", "ok.yaml").copy("broken/dangling.yaml", "dangling.yaml");

    Cli.Result result = Cli.run("validate", repo.dir().toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains(
            "dangling.yaml:9: workflow.dag[0].spec.compute: compute 'nowhere' is not declared in this commit",
            "2 file(s), 2 resource(s), 1 valid, 1 problem(s)");
  }

  @Test
  void anAgentListeningBeyondLoopbackWithoutATokenIsRefused() {
    Cli.Result result = runAgent(tmp.toString(), "0.0.0.0:0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "poros: listen: 0.0.0.0 is reachable from other machines; give --auth-token-file");
  }

  @Test
  void anAgentWhosePortIsTakenSaysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestRepo.init(tmp.resolve("repo"))
          .write("c.yaml", "name: c\nversion: v1\ntype: compute\ncompute: {purpose: x}\n")
          .commit("c");
      Cli.Result result =
          runAgent(tmp.resolve("repo").toString(), "127.0.0.1:" + taken.getLocalPort());

      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err())
          .startsWith("poros: listen: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  /** {@code poros run} on {@code repo}, listening on {@code listen}: here, it should not start. */
  Cli.Result runAgent(String repo, String listen) {
    return Cli.run(
        "run", "--data-dir", tmp.resolve("data").toString(), "--repo", repo, "--listen", listen);
  }

  @Test
  void aValidFolderExitsZero() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.copy("spine/compute.yaml", "ok.yaml");

    assertThat(Cli.run("validate", repo.dir().toString()).exitCode()).isZero();
  }

  @Test
  void aSyncWithAnInvalidResourceExitsOneAndStillSyncsTheRest() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.copy("spine/compute.yaml", "ok.yaml")
        .copy("broken/unknown-type.yaml", "bad.yaml")
        .commit("mixed");
    Poros poros = new Poros(tmp.resolve("data"));

    Cli.Result result = poros.sync(repo);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("bad.yaml:3: type: unknown type 'gizmo'");
    assertThat(poros.resource("compute:v1:local")).containsEntry("status", "active");
  }

  @Test
  void aRepositoryThatDoesNotExistExitsTwoWithAOneLineReason() {
    Cli.Result result =
        new Poros(tmp.resolve("data")).run("sync", "--repo", tmp.resolve("nowhere").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo("poros: repository " + tmp.resolve("nowhere") + " does not exist");
  }

  @Test
  void aFolderThatIsNotARepositoryExitsTwo() {
    Cli.Result result = new Poros(tmp.resolve("data")).run("sync", "--repo", tmp.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("poros: cannot ").hasLineCount(1);
  }

  @Test
  void anUnknownBranchExitsTwo() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.copy("spine/compute.yaml", "ok.yaml").commit("one");

    Cli.Result result = new Poros(tmp.resolve("data")).sync(repo, "--branch", "nope");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no branch, tag or commit 'nope'");
  }

  @Test
  void badFlagsAndUnavailableExecutorsExitTwo() {
    assertThat(Cli.run("sync").exitCode()).isEqualTo(2);
    assertThat(Cli.run("get", "--nope").exitCode()).isEqualTo(2);
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    Cli.Result output = new Poros(tmp.resolve("data")).run("get", "-o", "xml");
    assertThat(output.exitCode()).isEqualTo(2);
    assertThat(output.err()).contains("unknown output format 'xml'");
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.copy("spine/compute.yaml", "ok.yaml").commit("one");
    // the instance's flags are held to what poros.yaml's instance section is
    Cli.Result fqdn = new Poros(tmp.resolve("data")).sync(repo, "--instance-fqdn", "not a host");
    assertThat(fqdn.exitCode()).isEqualTo(2);
    assertThat(fqdn.err()).contains("--instance-fqdn: 'not a host' is not a host name");
    Cli.Result k8s = new Poros(tmp.resolve("data")).sync(repo, "--executor", "kubernetes");
    assertThat(k8s.exitCode()).isEqualTo(2);
    assertThat(k8s.err())
        .as("no kubeconfig, no $KUBECONFIG, no ~/.kube/config and no service account here")
        .contains("no cluster to apply to: give --kubeconfig");
    // the agent says so before it starts, and so does one told to take a Lease
    Cli.Result agent =
        new Poros(tmp.resolve("data"))
            .run("run", "--repo", repo.dir().toString(), "--executor", "kubernetes");
    assertThat(agent.exitCode()).isEqualTo(2);
    assertThat(agent.err())
        .contains("no cluster to apply to", "/var/run/secrets/kubernetes.io/serviceaccount/token");
    Cli.Result leased =
        new Poros(tmp.resolve("data"))
            .run("run", "--repo", repo.dir().toString(), "--lease", "poros/poros");
    assertThat(leased.exitCode()).isEqualTo(2);
    assertThat(leased.err()).contains("lease poros/poros: no cluster to apply to");
  }
}
