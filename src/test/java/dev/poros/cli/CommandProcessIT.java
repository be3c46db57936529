package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Json;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command in a process of its own, as users run it. How it logs: log lines on stderr, Poros's at
 * INFO in the documented pattern (libraries' only from WARN), and stdout only the result; with
 * {@code --log-format json} one JSON object a line. Which commands it knows: all of them, though a
 * run builds only the one it names.
 */
class CommandProcessIT {
  @TempDir Path tmp;

  record Output(int code, String out, String err) {}

  Output poros(String... args) throws Exception {
    List<String> command = AgentProcess.command(args);
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Output(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void logLinesGoToStderrInThePatternAndStdoutHoldsOnlyTheResult() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("a depot");
      String data = tmp.resolve("data").toString();
      Output text = poros("sync", "--repo", repo.dir().toString(), "--data-dir", data);
      assertThat(text.code()).as(text.err()).isZero();
      assertThat(text.err())
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Reconciler - sync repo=");
      assertThat(text.err()).doesNotContain("DEBUG", "logback");
      assertThat(text.out()).startsWith("Synced ").doesNotContain("INFO");

      repo.write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: GCS}\n")
          .commit("another depot type");
      Output json =
          poros(
              "sync", "--repo", repo.dir().toString(), "--data-dir", data, "--log-format", "json");
      assertThat(json.code()).as(json.err()).isZero();
      List<String> lines = json.err().lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(Json.JSON.readTree(line).path("level").asString()).as(line).isNotEmpty();
      }
      assertThat(json.err()).contains("Reconciler");
    }
  }

  @Test
  void aRepositoryThatCannotBeReadLogsItsFailedSyncAsEverySyncIsLogged() throws Exception {
    Path missing = tmp.resolve("no-such-repo");
    String data = tmp.resolve("data").toString();
    Output failed = poros("sync", "--repo", missing.toString(), "--data-dir", data);
    assertThat(failed.code()).as(failed.err()).isNotZero();
    assertThat(failed.err())
        .containsPattern(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  Reconciler - sync repo=\\S+"
                + " trigger=cli outcome=failed reason=\"repository \\S+ does not exist\"");
  }

  @Test
  void helpListsEveryCommandAndEachNamedCommandRuns() throws Exception {
    Output help = poros("--help");
    assertThat(help.code()).isZero();
    for (Class<?> command : Main.COMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      assertThat(help.out()).containsPattern("(?m)^  " + name + " ");
      // as main builds it for a run naming the command (in this JVM: a process each is slow)
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.commandLine(new PrintWriter(out), new PrintWriter(err), name)
              .execute(name, "--help");
      assertThat(code).as(name + ": " + err).isZero();
      assertThat(out.toString()).startsWith("Usage: poros " + name);
    }
    Output unknown = poros("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("frobnicate");
  }
}
