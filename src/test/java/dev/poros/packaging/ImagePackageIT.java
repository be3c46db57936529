package dev.poros.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.Fixtures;
import dev.poros.testing.GitHttpServer;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The image {@code mvn package} writes to {@code target/poros-image.tar} is complete: its layers,
 * unpacked into a folder, run the agent there inside a chroot (with a mount and PID namespace of
 * its own, /proc and /dev as a container runtime gives them) as the image's non-root user, with
 * nothing from the host's file system. Runs after {@code package} (failsafe), as root.
 */
class ImagePackageIT {
  static final Path IMAGE = Path.of("target", "poros-image.tar");
  static final String USER = "65532:65532";

  @TempDir static Path tmp;
  static Path root;
  static JsonNode config;
  static String reference;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(IMAGE).as("the image is built by mvn package").exists();
    assertThat(run(List.of("id", "-u")).output().strip())
        .as("unpacking an image and chroot need root")
        .isEqualTo("0");
    Path oci = Files.createDirectories(tmp.resolve("oci"));
    root = Files.createDirectories(tmp.resolve("root"));
    assertThat(
            run(List.of("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", oci.toString()))
                .code())
        .isZero();
    JsonNode index = Json.JSON.readTree(Files.readString(oci.resolve("index.json")));
    reference =
        index.at("/manifests/0/annotations").path("org.opencontainers.image.ref.name").asString();
    JsonNode manifest = Json.JSON.readTree(blob(oci, index.path("manifests").get(0)));
    config = Json.JSON.readTree(blob(oci, manifest.path("config"))).path("config");
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asString()).endsWith("tar+gzip");
      Path file = oci.resolve("blobs/sha256").resolve(hex(layer));
      assertThat(run(List.of("tar", "-xzf", file.toString(), "-C", root.toString())).code())
          .isZero();
    }
    // What a container runtime provides and Kubernetes mounts: /proc and /dev, and a data
    // volume the pod's user may write (fsGroup).
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("dev"));
    run(List.of("chown", USER, root.resolve("var/lib/poros").toString()));
  }

  static String hex(JsonNode descriptor) {
    return descriptor.path("digest").asString().substring("sha256:".length());
  }

  static String blob(Path oci, JsonNode descriptor) throws IOException {
    return Files.readString(oci.resolve("blobs/sha256").resolve(hex(descriptor)));
  }

  @Test
  void theImageIsWhatTheChartRunsByDefault() throws IOException {
    JsonNode chart = Json.YAML.readTree(Files.readString(Path.of("charts/poros/Chart.yaml")));
    JsonNode values = Json.YAML.readTree(Files.readString(Path.of("charts/poros/values.yaml")));
    assertThat(values.at("/image/tag").asString()).as("empty: the chart's appVersion").isEmpty();
    assertThat(reference)
        .isEqualTo(
            values.at("/image/repository").asString() + ":" + chart.path("appVersion").asString());
  }

  @Test
  void theImageRunsPorosAsItsNonRootUserWithNothingButItsOwnLayers() throws Exception {
    assertThat(config.path("User").asString()).isEqualTo(USER);
    List<String> entrypoint = entrypoint();
    assertThat(entrypoint).last().isEqualTo("run");
    // scratch and a runtime: no shell, no package manager, nothing to exec into
    assertThat(root.resolve("bin/sh")).doesNotExist();
    assertThat(root.resolve("usr/bin")).doesNotExist();

    List<String> poros = entrypoint.subList(0, entrypoint.size() - 1);
    Result version = run(inImage(with(poros, "--version")));
    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("poros ");

    // validate reads YAML, checks schemas and runs the shipped CEL policies inside the image
    Fixtures.example(root.resolve("work/example"));
    Result validate = run(inImage(with(poros, "validate", "/work/example")));
    assertThat(validate.code()).as(validate.output()).isZero();
    Files.writeString(
        root.resolve("work/example/broken.yaml"), "name: lake\nversion: v1\ntype: depot\n");
    Result broken = run(inImage(with(poros, "validate", "/work/example")));
    assertThat(broken.code()).as(broken.output()).isEqualTo(1);
    assertThat(broken.output()).contains("broken.yaml");
  }

  @Test
  void theEntrypointIsTheAgentItSyncsARepositoryIntoItsSqliteDb() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("served/deploy"))) {
      String head =
          repo.write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
              .commit("a depot");
      List<String> agent = new ArrayList<>(entrypoint());
      try (GitHttpServer git = GitHttpServer.serving(tmp.resolve("served"));
          AgentProcess running =
              AgentProcess.start(
                  inImage(
                      with(
                          agent,
                          "--data-dir",
                          "/var/lib/poros",
                          "--listen",
                          "127.0.0.1:0",
                          "--repo",
                          git.url("deploy"))),
                  tmp.resolve("agent.log"))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> running.get("/readyz").statusCode() == 200);
        JsonNode lake = Json.JSON.readTree(running.get("/api/v1/resources/depot:v1:lake").body());
        assertThat(lake.path("commit").asString()).as(running.output()).isEqualTo(head);
        assertThat(lake.path("status").asString()).isEqualTo("active");
        assertThat(root.resolve("var/lib/poros/poros.db")).exists();
        running.kill();
        // the agent in the namespace ends with it: nothing of the image outlives the test
        String marker = git.url("deploy");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    ProcessHandle.allProcesses()
                        .noneMatch(
                            p ->
                                p.isAlive() && p.info().commandLine().orElse("").contains(marker)));
      }
    }
  }

  List<String> entrypoint() {
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asString()));
    return entrypoint;
  }

  static List<String> with(List<String> command, String... args) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(args));
    return all;
  }

  /**
   * The command run in the unpacked image: a mount and PID namespace of its own (both vanish with
   * it), /proc and the host's /dev mounted there, then chroot as the image's user, with the image's
   * environment and working directory and nothing of the test's.
   */
  static ProcessBuilder inImage(List<String> command) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + root.resolve("proc"),
                "sh",
                "-c",
                // sh stays the namespace's first process (no exec; a command after it keeps
                // dash from exec-ing the last one): unshare's --kill-child kills it when the
                // test ends the process, and with it everything in the namespace. The agent
                // itself would not get that signal: changing user (--userspec) clears it.
                "mount --rbind /dev \"$0/dev\" && cd \"$0\" && chroot --userspec="
                    + USER
                    + " \"$0\" \"$@\"; exit $?",
                root.toString()));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line);
    Map<String, String> env = builder.environment();
    env.clear();
    // for unshare, mount and chroot on the host side; the image's own binaries are named by path
    env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    config
        .path("Env")
        .forEach(
            entry -> {
              String[] pair = entry.asString().split("=", 2);
              env.put(pair[0], pair[1]);
            });
    return builder;
  }

  record Result(int code, String output) {}

  static Result run(List<String> command) throws Exception {
    return run(new ProcessBuilder(command));
  }

  static Result run(ProcessBuilder command) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Process process = command.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command.command()) + " did not end in 120 s");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
