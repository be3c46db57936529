package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.model.Json;
import dev.poros.reconcile.Reconciler;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros bench --executor kubernetes}: Poros and {@code kubectl apply --server-side} applying
 * the same generated repository of ConfigMaps to a real cluster — cold, the same commit again, and
 * a one-object change — in wall time and, given the API server's audit log, in write requests.
 */
final class KubernetesBench {
  private final Path kubeconfig;
  private final Path auditLog;
  private final Path kubectl;
  private final int objects;

  KubernetesBench(Path kubeconfig, Path auditLog, Path kubectl, int objects) {
    this.kubeconfig = kubeconfig;
    this.auditLog = auditLog;
    this.kubectl = kubectl;
    this.objects = objects;
  }

  /** One way of applying: its time and write requests for each of the three cases. */
  record Row(String who, long[] ms, long[] writes) {}

  void run(Path work, PrintWriter out) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path repoDir = work.resolve("k8s-repo");
    List<Row> rows = new ArrayList<>();
    try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
      generate(repoDir, "v");
      commit(git, "generated");
      rows.add(poros(work, repoDir, git, "poros-bench-" + run));
      generate(repoDir, "v"); // the one changed object back, for kubectl's cold apply
      rows.add(kubectl(repoDir, "kubectl-bench-" + run));
    }
    out.printf(
        "poros bench --executor kubernetes: %d ConfigMaps; wall ms (write requests%s)%n",
        objects, auditLog == null ? ": give --audit-log to count them" : " in the audit log");
    out.printf("  %-10s %20s %20s %20s%n", "", "cold", "same commit", "one-object change");
    for (Row row : rows) {
      out.printf("  %-10s %20s %20s %20s%n", row.who(), cell(row, 0), cell(row, 1), cell(row, 2));
    }
    out.flush();
  }

  private Row poros(Path work, Path repoDir, Git git, String namespace) throws Exception {
    long[] ms = new long[3];
    long[] writes = new long[3];
    RepoSpec repo = RepoSpec.of(repoDir.toString(), null, "");
    try (Wiring wiring =
        new Wiring(work.resolve("k8s-data"), Clock.systemUTC())
            .kubernetes(new KubernetesSettings(kubeconfig, null, namespace, true))) {
      Reconciler reconciler = wiring.reconciler("kubernetes");
      for (int i = 0; i < 3; i++) {
        if (i == 2) {
          Files.writeString(repoDir.resolve("c7.yaml"), configMap(7, "changed"));
          commit(git, "one object changed");
        }
        long mark = mark();
        long start = System.nanoTime();
        SyncResult result = reconciler.reconcile(repo, null, Trigger.CLI, false);
        ms[i] = (System.nanoTime() - start) / 1_000_000;
        writes[i] = writesSince(mark);
        if (result.anyResourceFailed()) {
          throw new IllegalStateException("bench sync failed: " + result.problems());
        }
      }
    }
    return new Row("poros", ms, writes);
  }

  private Row kubectl(Path repoDir, String namespace) throws Exception {
    long[] ms = new long[3];
    long[] writes = new long[3];
    if (kubectl == null) {
      return new Row("kubectl", new long[] {-1, -1, -1}, new long[] {-1, -1, -1});
    }
    run(
        List.of(
            kubectl.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "create",
            "namespace",
            namespace));
    for (int i = 0; i < 3; i++) {
      if (i == 2) {
        Files.writeString(repoDir.resolve("c7.yaml"), configMap(7, "changed"));
      }
      long mark = mark();
      long start = System.nanoTime();
      run(
          List.of(
              kubectl.toString(),
              "--kubeconfig",
              kubeconfig.toString(),
              "apply",
              "--server-side",
              "--field-manager=kubectl-bench",
              "-n",
              namespace,
              "-f",
              repoDir.toString(),
              "--recursive"));
      ms[i] = (System.nanoTime() - start) / 1_000_000;
      writes[i] = writesSince(mark);
    }
    return new Row("kubectl", ms, writes);
  }

  private void generate(Path repoDir, String value) throws IOException {
    for (int i = 0; i < objects; i++) {
      Files.writeString(repoDir.resolve("c" + i + ".yaml"), configMap(i, value));
    }
  }

  private static String configMap(int i, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c"
        + i
        + "\ndata:\n  value: "
        + value
        + "\n";
  }

  private static void commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage(message)
        .setAuthor("bench", "bench@localhost")
        .setCommitter("bench", "bench@localhost")
        .call();
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command.subList(0, 4)) + " failed: " + new String(output));
    }
  }

  private long mark() throws IOException {
    return auditLog == null ? 0 : Files.size(auditLog);
  }

  /** Write requests since {@code mark} by anyone but the control plane's own components. */
  private long writesSince(long mark) throws IOException {
    if (auditLog == null) {
      return -1;
    }
    byte[] all = Files.readAllBytes(auditLog);
    String text = new String(all, (int) mark, all.length - (int) mark);
    long count = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event = Json.parse(line);
      String user = event.at("/user/username").asString("");
      if ("ResponseComplete".equals(event.path("stage").asString())
          && !user.startsWith("system:")
          && !user.equals("components")) {
        count++;
      }
    }
    return count;
  }

  private static String cell(Row row, int i) {
    if (row.ms()[i] < 0) {
      return "(no --kubectl)";
    }
    return row.ms()[i] + (row.writes()[i] < 0 ? "" : " (" + row.writes()[i] + " w)");
  }
}
