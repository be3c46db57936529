package dev.poros.cli;

import dev.poros.source.RepoSpec;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Webhooks under load: {@code senders} clients deliver signed pushes (each its own delivery id) to
 * an agent as fast as it answers, for {@code period}; prints the deliveries accepted a second,
 * their latency's p50 and p99, and the fetches a second the agent made meanwhile (one per sync),
 * which its one-fetch-a-second gap per repository bounds.
 */
record WebhookLoadBench(int senders, Duration period) {

  void run(Wiring wiring, RepoSpec repo, PrintWriter out) throws Exception {
    try (BenchAgent agent = BenchAgent.start(wiring, repo)) {
      int syncsBefore = wiring.stores().syncs().history(Integer.MAX_VALUE).size();
      HttpClient http = HttpClient.newHttpClient();
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      long start = System.nanoTime();
      long end = start + period.toNanos();
      List<Future<List<Long>>> sending = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        sending.add(
            pool.submit(
                () -> {
                  List<Long> latencies = new ArrayList<>();
                  while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status = agent.push(http, null, UUID.randomUUID().toString());
                    if (status != 202) {
                      throw new IllegalStateException("a delivery was answered " + status);
                    }
                    latencies.add(System.nanoTime() - sent);
                  }
                  return latencies;
                }));
      }
      List<Long> latencies = new ArrayList<>();
      for (Future<List<Long>> sender : sending) {
        latencies.addAll(sender.get());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      while (agent.agent().busyFor(BenchAgent.NAME)) {
        Thread.sleep(5);
      }
      int fetches = wiring.stores().syncs().history(Integer.MAX_VALUE).size() - syncsBefore;
      Collections.sort(latencies);
      out.printf(
          "  %-58s %6.0f%n",
          "webhook deliveries accepted per second (" + senders + " senders)",
          latencies.size() / seconds);
      out.printf(
          "  %-58s %6.1f / %.1f%n",
          "  their latency p50 / p99, ms",
          percentile(latencies, 50) / 1e6,
          percentile(latencies, 99) / 1e6);
      out.printf(
          "  %-58s %6.2f%n",
          "  fetches per second meanwhile (" + fetches + " in " + Math.round(seconds) + " s)",
          fetches / seconds);
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
