package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.model.Json;
import dev.poros.testing.Cli;
import dev.poros.testing.TestRepo;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Logs cannot exhaust the agent: a job that prints 25 MB leaves a log rotated at its 10 MiB cap;
 * and even a 200 MB log (a worker's, say) is read a block at a time — the API answers with its
 * tail, four readers at once leave the heap's peak far below the log's size, and {@code poros logs
 * --tail} prints only the last lines.
 */
class LogLimitsIT {
  static final long MIB = 1024 * 1024;

  @TempDir Path tmp;

  /** The heap's peak since {@link #resetPeaks()}, all pools. */
  static long heapPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  @Test
  void aNoisyJobsLogIsCappedAndAHugeLogIsReadInPieces() throws Exception {
    Path data = tmp.resolve("data");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(data, Clock.systemUTC())) {
      repo.write(
              "noisy.yaml",
              "name: noisy\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: talk\n"
                  + "      spec:\n        script: \"head -c 25000000 /dev/zero | tr '\\\\0' x"
                  + " | fold -w 999; echo last-line\"\n")
          .commit("a job that prints 25 MB");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "default", null, null, true, true)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !wiring.stores().runs().runs("workflow:v1:noisy:public", 1).isEmpty());
        wiring.awaitStartedRuns();
        long run = wiring.stores().runs().runs("workflow:v1:noisy:public", 1).get(0).id();
        Path log = Path.of(wiring.stores().runs().nodes(run).get(0).logPath());
        Path older = log.resolveSibling(log.getFileName() + ".1");
        assertThat(Files.size(log)).isLessThanOrEqualTo(10 * MIB + 1000);
        assertThat(Files.size(older)).isBetween(10 * MIB, 10 * MIB + 1000);
        assertThat(Files.readAllLines(log).get(0))
            .contains("passed 10 MiB", older.getFileName().toString());
        assertThat(Files.readString(log)).endsWith("last-line\n");

        // a log far bigger than that, as a writer without a cap could leave
        try (BufferedWriter out =
            Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
          String line = "y".repeat(999);
          for (int i = 0; i < 200_000; i++) {
            out.write(line);
            out.newLine();
          }
          out.write("the-very-end");
          out.newLine();
        }
        assertThat(Files.size(log)).isGreaterThan(200_000_000L);

        resetPeaks();
        long before = heapPeak();
        List<CompletableFuture<HttpResponse<String>>> reads =
            IntStream.range(0, 4)
                .mapToObj(
                    i ->
                        CompletableFuture.supplyAsync(
                            () -> {
                              try {
                                return Requests.get(
                                    running.port(), "/api/v1/runs/" + run + "/logs");
                              } catch (Exception e) {
                                throw new IllegalStateException(e);
                              }
                            }))
                .toList();
        for (CompletableFuture<HttpResponse<String>> read : reads) {
          HttpResponse<String> answer = read.get();
          assertThat(answer.statusCode()).isEqualTo(200);
          assertThat((long) answer.body().length()).isLessThan(2 * MIB);
          assertThat(Json.JSON.readTree(answer.body()).path("talk").asString())
              .endsWith("the-very-end\n");
        }
        assertThat(heapPeak() - before).as("four reads of a 200 MB log").isLessThan(150 * MIB);

        HttpResponse<String> three =
            Requests.get(running.port(), "/api/v1/runs/" + run + "/logs?tail=3");
        assertThat(Json.JSON.readTree(three.body()).path("talk").asString().lines()).hasSize(3);
        JsonNode offsets =
            Json.JSON.readTree(three.headers().firstValue("X-Poros-Log-Offsets").orElseThrow());
        assertThat(offsets.path("talk").asLong()).isEqualTo(Files.size(log));
        HttpResponse<String> nothingNew =
            Requests.get(
                running.port(),
                "/api/v1/runs/" + run + "/logs?since=" + offsets.path("talk").asLong());
        assertThat(Json.JSON.readTree(nothingNew.body()).path("talk").asString()).isEmpty();

        Cli.Result tail = Cli.run("logs", "noisy", "--tail", "2", "--data-dir", data.toString());
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out().lines()).hasSize(2);
        assertThat(tail.out()).endsWith("the-very-end\n");
      }
    }
  }
}
