package dev.poros.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code poros} launcher at the project's top runs the jar {@code package} makes as users run
 * it: a one-shot command's first run makes a class-data archive of this build, later runs start
 * from it ({@code -Xshare:on} fails a JVM whose archive cannot be used), a new build of the jar
 * gets archives of its own, and what the command prints and its exit code pass through unchanged.
 * Runs after {@code package} (failsafe).
 */
class LauncherPackageIT {
  static final Path LAUNCHER = Fixtures.PROJECT.resolve("poros");
  static final Path JAR = Fixtures.PROJECT.resolve("target/poros.jar");

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  @Test
  void aOneShotCommandsFirstRunMakesItsArchiveAndTheNextRunsStartFromIt() throws Exception {
    Path cds = tmp.resolve("cds");
    Run first = poros(Map.of("POROS_CDS_DIR", cds.toString()), "--version");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).as("nothing of CDS on stdout").isEqualTo("poros 0.1.0\n");
    List<Path> archives = archives(cds);
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString()).endsWith("-__version.jsa");
    FileTime made = Files.getLastModifiedTime(archives.get(0));

    Run second =
        poros(Map.of("POROS_CDS_DIR", cds.toString(), "JAVA_OPTS", "-Xshare:on"), "--version");

    assertThat(second.code()).as("the archive is used: " + second.err()).isZero();
    assertThat(second.out()).isEqualTo("poros 0.1.0\n");
    assertThat(archives(cds)).containsExactlyElementsOf(archives);
    assertThat(Files.getLastModifiedTime(archives.get(0))).as("not made again").isEqualTo(made);
  }

  @Test
  void whatACommandPrintsAndItsExitCodePassThroughWithAndWithoutTheArchive() throws Exception {
    Path cds = tmp.resolve("cds");
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("bad.yaml"), "name: x\nversion: v1\ntype: [\n");
    Map<String, String> env = Map.of("POROS_CDS_DIR", cds.toString());
    for (String run : List.of("making the archive", "with the archive")) {
      Run valid =
          poros(env, "validate", Fixtures.PROJECT.resolve("repo-layout-example").toString());
      assertThat(valid.code()).as(run + ": " + valid.out() + valid.err()).isZero();
      assertThat(valid.out()).as(run).contains("valid");

      Run invalid = poros(env, "validate", broken.toString());
      assertThat(invalid.code()).as(run + ": " + invalid.out() + invalid.err()).isEqualTo(1);
      assertThat(invalid.out() + invalid.err()).as(run).contains("bad.yaml:3");

      Run usage = poros(env, "sync");
      assertThat(usage.code()).as(run + ": " + usage.err()).isEqualTo(2);
    }
    assertThat(archives(cds)).hasSize(2);
  }

  @Test
  void aNewBuildOfTheJarGetsArchivesOfItsOwnAndTheOldOnesGo() throws Exception {
    Path cds = tmp.resolve("cds");
    Path jar = Files.copy(JAR, tmp.resolve("poros.jar"));
    Map<String, String> env = Map.of("POROS_CDS_DIR", cds.toString(), "POROS_JAR", jar.toString());
    assertThat(poros(env, "--version").code()).isZero();
    List<Path> old = archives(cds);
    assertThat(old).hasSize(1);

    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    Run rebuilt = poros(env, "--version");

    assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
    assertThat(archives(cds)).hasSize(1).doesNotContainAnyElementsOf(old);
    Map<String, String> strict = new HashMap<>(env);
    strict.put("JAVA_OPTS", "-Xshare:on");
    Run withIt = poros(strict, "--version");
    assertThat(withIt.code()).as("the new archive fits the new build: " + withIt.err()).isZero();
  }

  @Test
  void withNoArchiveFolderItRunsWithoutArchives() throws Exception {
    Run run = poros(Map.of("POROS_CDS_DIR", ""), "--version");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("poros 0.1.0\n");
  }

  @Test
  void withoutAJavaItSaysSoAndExitsAsAnEnvironmentThatDoesNotWork() throws Exception {
    Path noJdk = Files.createDirectories(tmp.resolve("no-jdk"));

    Run run = poros(Map.of("JAVA_HOME", noJdk.toString()), "--version");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no " + noJdk.resolve("bin/java"), "JAVA_HOME");
  }

  private Run poros(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<Path> archives(Path cds) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      return files.sorted().toList();
    }
  }
}
