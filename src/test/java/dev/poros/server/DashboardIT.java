package dev.poros.server;

import static dev.poros.server.Requests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person sees it: Debian's headless Chromium renders the pages of an agent
 * following the quick start's example repository; the test finds its resources in the DOM, and
 * screenshots land in {@code target/dashboard.png} and {@code target/dashboard-resource.png} (CI
 * artifacts). {@code .ci/run} installs Chromium when it is missing.
 */
class DashboardIT {
  static final Path SCREENSHOT = Path.of("target/dashboard.png");
  static final Path RESOURCE_SCREENSHOT = Path.of("target/dashboard-resource.png");

  @TempDir Path tmp;

  @Test
  void chromiumShowsTheExampleRepositorysResources() throws Exception {
    try (Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC());
        RunningAgent running = RunningAgent.ofTheExample(wiring, tmp.resolve("example"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> running.agent.syncedEveryRepository() && !running.agent.busyFor("example"));
      String url = "http://127.0.0.1:" + running.port() + "/";

      String dom = chromium(List.of("--dump-dom", url));
      Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
      Files.deleteIfExists(SCREENSHOT);
      chromium(
          List.of("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,900", url));

      assertThat(dom)
          .contains(
              "<h1><a href=\"/\">Poros</a></h1>",
              "<td>example</td>",
              "in sync",
              ">runnable-local</a>",
              ">lakehouse</a>",
              ">lakehouse-rw</a>",
              ">analytics-access</a>",
              ">orders-api</a>",
              ">orders-api-token</a>",
              ">ingest-orders</a>",
              ">daily-report</a>",
              ">event-counter</a>",
              "<option>analytics</option>");
      assertThat(SCREENSHOT).exists();
      assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);

      String analytics = chromium(List.of("--dump-dom", url + "?workspace=analytics"));
      assertThat(analytics)
          .contains(
              ">daily-report</a>", ">event-counter</a>", "<option selected=\"\">analytics</option>")
          .doesNotContain(">orders-api</a>");
      String secret =
          chromium(List.of("--dump-dom", url + "resources/instance-secret:v1:lakehouse-rw"));
      assertThat(secret).contains("secretkey: '***'").doesNotContain("example-secret-key");
    }
  }

  @Test
  void hostileNamesStayTextAndAChangeShowsItsDiff() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.copy("spine/compute.yaml", "compute.yaml")
          .copy("spine/db-creds.yaml", "db-creds.yaml")
          .copy("spine/warehouse.yaml", "warehouse.yaml")
          .copy("spine/etl.yaml", "etl.yaml")
          .write(
              "bad.yaml",
              "name: <script>alert(1)</script>\nversion: v1\ntype: compute\ncompute: {purpose: x}\n")
          .commit("resources");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "default", null, null, true)) {
        Agent agent = running.agent;
        int port = running.port();
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> !wiring.stores().syncs().history(1).isEmpty() && !agent.busyFor("default"));
        String url = "http://127.0.0.1:" + port + "/";

        String dom = chromium(List.of("--dump-dom", url));
        assertThat(dom)
            .contains(
                "</code> resources</td><td>Test</td>",
                "degraded: 1 problem(s)",
                ">&lt;script&gt;alert(1)&lt;/script&gt;</a>")
            .doesNotContain("<script>alert(1)</script>")
            .doesNotContain("s3cr3t-A-password-42");
        String resourcePage =
            chromium(List.of("--dump-dom", url + "resources/instance-secret:v1:db-creds"));
        assertThat(resourcePage).contains("password: '***'").doesNotContain("s3cr3t-A-password-42");

        // a change shows as the resource's last diff, and the filters narrow the table
        repo.write("warehouse.yaml", repo.read("warehouse.yaml").replace("5432", "6543"))
            .copy("spine/db-creds-rotated.yaml", "db-creds.yaml")
            .commit("move the warehouse");
        agent.trigger("default", Trigger.API);
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    wiring
                            .stores()
                            .syncs()
                            .history(1)
                            .get(0)
                            .commitMessage()
                            .equals("move the warehouse")
                        && !agent.busyFor("default"));
        String warehouse = chromium(List.of("--dump-dom", url + "resources/depot:v1:warehouse"));
        assertThat(warehouse)
            .contains(
                "<h2>Last change</h2>",
                "<span class=\"del\">-    port: 5432</span>",
                "<span class=\"add\">+    port: 6543</span>");
        Files.deleteIfExists(RESOURCE_SCREENSHOT);
        chromium(
            List.of(
                "--screenshot=" + RESOURCE_SCREENSHOT.toAbsolutePath(),
                "--window-size=1280,900",
                url + "resources/depot:v1:warehouse"));
        assertThat(RESOURCE_SCREENSHOT).exists();
        String rotated =
            chromium(List.of("--dump-dom", url + "resources/instance-secret:v1:db-creds"));
        assertThat(rotated).doesNotContain("s3cr3t", "r0tated");
        String depots = chromium(List.of("--dump-dom", url + "?type=depot"));
        assertThat(depots).contains(">warehouse</a>").doesNotContain(">etl</a>");
      }
    }
  }

  @Test
  void theDashboardListsManyResourcesAPageAtATime() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      int depots = Dashboard.PAGE_SIZE + 5;
      for (int i = 0; i < depots; i++) {
        repo.write(
            "d" + i + ".yaml", "name: d" + i + "\nversion: v1\ntype: depot\ndepot: {type: S3}\n");
      }
      repo.commit("many depots");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "default", null, null, true)) {
        int port = running.port();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(port, "/readyz").statusCode() == 200);

        String first = get(port, "/?type=depot").body();
        assertThat(first)
            .contains("resources 1–200 of " + depots, "href=\"/?page=2&amp;type=depot\"")
            .doesNotContain("← previous");
        assertThat(first.split("<a href=\"/resources/").length - 1).isEqualTo(200);
        String second = get(port, "/?page=2&type=depot").body();
        assertThat(second)
            .contains("resources 201–" + depots + " of " + depots, "← previous")
            .doesNotContain("next →");
        assertThat(second.split("<a href=\"/resources/").length - 1).isEqualTo(5);
      }
    }
  }

  private String chromium(List<String> arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).redirectError(tmp.resolve("chromium.err").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue())
        .as("chromium exit; stderr in %s", tmp.resolve("chromium.err"))
        .isZero();
    return out;
  }
}
