package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.RepoFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code dataos-ctl} verbs people already type (issue 17): {@code get -d}, {@code get -r},
 * {@code get runtime} of a service, {@code logs -l} and {@code --node} of its replicas, {@code
 * apply -l}.
 */
class DataOsCtlVerbsIT {
  static final String API = "service:v1:api:public";

  @RegisterExtension final RepoFixture fixture = new RepoFixture();

  @Test
  void getDetailsRefreshAndAServicesRuntimeAndLogs() {
    fixture
        .repo()
        .write(
            "token.yaml",
            "name: token\nversion: v1\ntype: secret\nowner: t\nsecret:\n  type: key-value\n"
                + "  acl: r\n  data: {TOKEN: s3cr3t-t0ken}\n")
        .write(
            "api.yaml",
            "name: api\nversion: v1\ntype: service\nowner: t\nservice:\n  servicePort: 1\n"
                + "  replicas: 2\n  secrets: [token]\n  healthCheck: {command: [true]}\n"
                + "  command: [sh, -c, 'for i in 1 2 3; do echo line $i; done; sleep 600']\n")
        .commit("a service with a secret");
    Poros poros = fixture.poros();
    Cli.Result sync = poros.sync(fixture.repo());
    assertThat(sync.exitCode()).as(sync.all()).isZero();

    Cli.Result details = poros.run("get", "-d", "-t", "secret");
    assertThat(details.out())
        .startsWith("---\n# secret:v1:token:public (token.yaml)\n")
        .contains("TOKEN:")
        .doesNotContain("s3cr3t-t0ken");

    Cli.Result refreshed =
        poros.run("get", "-r", "--refresh-times", "2", "--refresh-every", "10ms", "-t", "service");
    assertThat(refreshed.out().split("\033\\[H\033\\[2J", -1)).hasSize(3);
    assertThat(refreshed.out()).contains("service  api");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> poros.run("logs", "api").out().lines().count() == 6);
    Cli.Result runtime = poros.run("get", "runtime", "api");
    assertThat(runtime.out())
        .startsWith(API + "  RUNTIME running")
        .containsPattern("REPLICA +PID +STATE")
        .containsPattern("\\n +0 +\\d+ +running")
        .containsPattern("\\n +1 +\\d+ +running");
    assertThat(poros.run("logs", "api").out()).contains("[replica-0] line 1", "[replica-1] line 3");
    assertThat(poros.run("logs", "api", "--node", "1", "-l", "1").out()).isEqualTo("line 3\n");
    assertThat(poros.run("logs", "api", "--run", "1").err()).contains("--run is for workflows");
  }

  @Test
  void applyLintsWithLAndOtherwiseSaysThereIsNoApplyOutsideGit() {
    fixture.repo().write("bad.yaml", "name: Bad\nversion: v1\ntype: depot\ndepot: {type: S3}\n");

    Cli.Result lint = Cli.run("apply", "-l", fixture.repo().dir().toString());
    Cli.Result validate = Cli.run("validate", fixture.repo().dir().toString());
    assertThat(lint.exitCode()).isEqualTo(validate.exitCode()).isEqualTo(1);
    assertThat(lint.out()).isEqualTo(validate.out()).contains("bad.yaml:1");

    Cli.Result apply = Cli.run("apply", fixture.repo().dir().toString());
    assertThat(apply.exitCode()).isEqualTo(2);
    assertThat(apply.err()).contains("there is no apply outside Git");
  }
}
