package dev.poros.cli;

import dev.poros.model.Json;
import dev.poros.reconcile.Reconciler;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.store.RepositoryRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poros bench}: times the spine on a generated repository of {@code --files} manifests — a
 * cold sync, a sync of the same commit, a sync after a one-file change, and an agent's way from a
 * signed push webhook to the pushed commit recorded — and prints the median of {@code --rounds};
 * then the webhook deliveries a second an agent accepts, and the fetches they cause. Speed is
 * measured here, never asserted in tests.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Times cold, no-op and one-file-change syncs of a generated repository.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--files",
      defaultValue = "1000",
      description = "Manifests in the generated repository (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Rounds; the median is printed (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--executor",
      defaultValue = "local",
      description =
          "local (default): the spine and the agent; kubernetes: Poros against kubectl on a cluster.")
  String executor;

  @Option(names = "--kubeconfig", description = "With --executor kubernetes: the cluster.")
  Path kubeconfig;

  @Option(
      names = "--audit-log",
      description = "With --executor kubernetes: the API server's audit log, to count writes.")
  Path auditLog;

  @Option(
      names = "--kubectl",
      description = "With --executor kubernetes: a kubectl to compare with (apply --server-side).")
  Path kubectl;

  @Option(
      names = "--previews",
      description =
          "Time pull-request previews instead: webhook to comment on a Gitea (--forge-url,"
              + " --forge-token-file).")
  boolean previews;

  @Option(names = "--forge-url", description = "With --previews: the Gitea (http://HOST:PORT).")
  URI forgeUrl;

  @Option(
      names = "--forge-token-file",
      description =
          "With --previews: a file holding a token of a Gitea user who may create repositories.")
  Path forgeTokenFile;

  @Option(
      names = "--resources-per-file",
      defaultValue = "1",
      description = "Manifests in each generated file (default: ${DEFAULT-VALUE}).")
  int resourcesPerFile;

  @Option(
      names = "--cli",
      description = "Also time one-shot syncs, each in a new JVM as users run poros sync.")
  boolean cli;

  @Option(names = "--json", description = "Print the medians as one JSON object.")
  boolean json;

  record Round(
      long coldMs,
      long judgedMs,
      long noopMs,
      long oneChangeMs,
      long parsedByOneChange,
      long addMs,
      long removeMs,
      long tenPercentMs,
      long pushToSyncedMs,
      long brokenMs,
      long changeBesideBrokenMs,
      long sameBesideBrokenMs) {}

  record CliRound(long coldMs, long sameMs, long oneChangeMs) {}

  /** The one-shot runs' command, and the time of its first sync (which may make its archive). */
  record CliRuns(OneShotCommand command, long firstMs, List<CliRound> rounds) {}

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("poros-bench");
    if (previews) {
      if (forgeUrl == null || forgeTokenFile == null) {
        throw new UsageException("bench --previews needs --forge-url and --forge-token-file");
      }
      try {
        new PreviewBench(
                forgeUrl, SecretFile.read(forgeTokenFile, "--forge-token-file"), files, rounds)
            .run(work, spec.commandLine().getOut());
        return ExitCodes.OK;
      } finally {
        deleteTree(work);
      }
    }
    if (executor.equals("kubernetes")) {
      if (kubeconfig == null) {
        throw new UsageException("bench --executor kubernetes needs --kubeconfig");
      }
      try {
        new KubernetesBench(kubeconfig, auditLog, kubectl, files)
            .run(work, spec.commandLine().getOut());
        return ExitCodes.OK;
      } finally {
        deleteTree(work);
      }
    }
    try {
      Path repoDir = work.resolve("repo");
      try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
        for (int f = 0; f < files; f++) {
          write(repoDir.resolve(path(f)), file(f, "echo run"));
        }
        commit(git, "generated");
        RepoSpec repo = RepoSpec.of(repoDir.toString(), null, "");
        List<Round> results = new ArrayList<>();
        long peakHeap;
        long fullCollections;
        long peakAfterFull;
        try (HeapPeak heap = new HeapPeak()) {
          for (int round = 0; round < rounds; round++) {
            results.add(round(work, repoDir, git, repo, round));
          }
          peakHeap = heap.bytes();
          fullCollections = heap.fullCollections();
          peakAfterFull = heap.afterFullCollectionBytes();
        }
        CliRuns cliRuns = cli ? cliRuns(work, repoDir, git) : null;
        List<CliRound> cliResults = cli ? cliRuns.rounds() : List.of();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          printJson(out, results, cliRuns, peakHeap, fullCollections, peakAfterFull);
          return ExitCodes.OK;
        }
        out.printf(
            "poros bench: %d files of %d resource(s), %d rounds, median (min-max) ms%n",
            files, resourcesPerFile, rounds);
        print(
            out, "cold sync (clone, parse, validate, plan, apply, record)", results, Round::coldMs);
        print(out, "same commit, first sync after the cold one (judged)", results, Round::judgedMs);
        print(out, "same commit again (ends after the fetch)", results, Round::noopMs);
        print(out, "sync after a one-file change", results, Round::oneChangeMs);
        print(out, "sync after a file of new resources added", results, Round::addMs);
        print(out, "sync after that file removed", results, Round::removeMs);
        print(out, "sync after 10 % of the files changed", results, Round::tenPercentMs);
        print(
            out,
            "push webhook delivered to its commit recorded (agent, HTTP)",
            results,
            Round::pushToSyncedMs);
        print(out, "sync after a file broken (its resources kept)", results, Round::brokenMs);
        print(
            out,
            "  then a one-file change, the broken file still there",
            results,
            Round::changeBesideBrokenMs);
        print(out, "  then the same commit again", results, Round::sameBesideBrokenMs);
        out.printf(
            "  files parsed by the one-file-change sync: %d%n", results.get(0).parsedByOneChange());
        out.printf("  peak heap used (in-process rounds): %d MiB%n", peakHeap >> 20);
        out.printf(
            "  full collections (the heap was short): %d%s%n",
            fullCollections,
            fullCollections == 0
                ? ""
                : ", the most one left (live then): " + (peakAfterFull >> 20) + " MiB");
        if (cli) {
          out.printf("  one-shot CLI runs: %s%n", cliRuns.command().description());
          out.printf(
              "  %-58s %6d%n",
              cliRuns.command().archives()
                  ? "one-shot CLI: first run of this build (makes its archive)"
                  : "one-shot CLI: first cold sync",
              cliRuns.firstMs());
          print(out, "one-shot CLI (new JVM): cold sync", cliResults, CliRound::coldMs);
          print(out, "one-shot CLI: same commit again", cliResults, CliRound::sameMs);
          print(out, "one-shot CLI: after a one-file change", cliResults, CliRound::oneChangeMs);
        }
        new PolicyBench().run(repoDir, out);
        out.printf(
            "  %-58s %6d%n",
            "sync after adding a 60 MiB file and a 10 MB one-line file",
            hugeFiles(work, repoDir, git, repo));
        try (Wiring wiring = new Wiring(work.resolve("data-webhooks"), Clock.systemUTC())) {
          new WebhookLoadBench(8, Duration.ofSeconds(5)).run(wiring, repo, out);
        }
        out.flush();
      }
      return ExitCodes.OK;
    } finally {
      deleteTree(work);
    }
  }

  /** One in-process round: syncs of one wiring, as an agent makes them. */
  private Round round(Path work, Path repoDir, Git git, RepoSpec repo, int round) throws Exception {
    try (Wiring wiring = new Wiring(work.resolve("data-" + round), Clock.systemUTC())) {
      Reconciler reconciler = wiring.reconciler("local");
      Supplier<SyncResult> sync = () -> reconciler.reconcile(repo, null, Trigger.CLI, false);
      long cold = time(sync);
      long judged = time(sync);
      long noop = time(sync);
      write(repoDir.resolve(path(1)), file(1, "echo round " + round));
      commit(git, "change " + round);
      long parsedBefore = wiring.loader().filesParsed();
      long change = time(sync);
      long parsed = wiring.loader().filesParsed() - parsedBefore;
      // a new file of new resources (a compute and what uses it), then the same file removed
      Path added = repoDir.resolve(path(10 * (files + round)));
      write(added, file(10 * (files + round), "echo added " + round));
      commit(git, "add " + round);
      long add = time(sync);
      Files.delete(added);
      commit(git, "remove " + round);
      long remove = time(sync);
      for (int f = 1; f < files; f += 10) { // workflows: a compute has no script to change
        write(repoDir.resolve(path(f)), file(f, "echo tenth " + round));
      }
      commit(git, "a tenth " + round);
      long tenth = time(sync);
      String pushed = "echo pushed " + round;
      long push =
          pushToSynced(
              wiring,
              repo,
              () -> {
                write(repoDir.resolve(path(1)), file(1, pushed));
                return commit(git, "push");
              });
      // a file that no longer parses (its resources kept, every deletion held), left broken while
      // another file changes and the same commit is synced again; then mended for the next round
      Path brokenFile = repoDir.resolve(path(2));
      String intact = Files.readString(brokenFile);
      write(brokenFile, "not: [yaml\n");
      commit(git, "break " + round);
      long broken = timeHeldBy(path(2), sync);
      write(repoDir.resolve(path(1)), file(1, "echo beside broken " + round));
      commit(git, "change beside broken " + round);
      long besideBroken = timeHeldBy(path(2), sync);
      long sameBroken = timeHeldBy(path(2), sync);
      write(brokenFile, intact);
      commit(git, "mend " + round);
      return new Round(
          cold,
          judged,
          noop,
          change,
          parsed,
          add,
          remove,
          tenth,
          push,
          broken,
          besideBroken,
          sameBroken);
    }
  }

  /**
   * The rounds of one-shot syncs, after a first cold sync of their own: the launcher makes its
   * class-data archive then, as it does at a user's first run of a new build.
   */
  private CliRuns cliRuns(Path work, Path repoDir, Git git) throws Exception {
    OneShotCommand command = OneShotCommand.find(work.resolve("cds"));
    long first = cliSync(command, repoDir, work.resolve("cli-data-first"));
    List<CliRound> cliRounds = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      cliRounds.add(cliRound(command, work, repoDir, git, round));
    }
    return new CliRuns(command, first, cliRounds);
  }

  /** One round of one-shot syncs, each a JVM of its own as a user runs {@code poros sync}. */
  private CliRound cliRound(OneShotCommand command, Path work, Path repoDir, Git git, int round)
      throws Exception {
    Path data = work.resolve("cli-data-" + round);
    long cold = cliSync(command, repoDir, data);
    // the first after a cold sync judges again (built-ins were new)
    cliSync(command, repoDir, data);
    long same = cliSync(command, repoDir, data);
    write(repoDir.resolve(path(2)), file(2, "echo cli " + round));
    commit(git, "cli change " + round);
    long change = cliSync(command, repoDir, data);
    return new CliRound(cold, same, change);
  }

  /** The wall time of {@code poros sync} in a new JVM. */
  private static long cliSync(OneShotCommand command, Path repoDir, Path data)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process =
        command
            .start("sync", "--repo", repoDir.toString(), "--data-dir", data.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("poros sync in a new JVM exited " + exit);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void printJson(
      PrintWriter out,
      List<Round> results,
      CliRuns cliRuns,
      long peakHeap,
      long fullCollections,
      long peakAfterFull) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("files", files);
    doc.put("resourcesPerFile", resourcesPerFile);
    doc.put("rounds", rounds);
    doc.put("coldMs", median(results, Round::coldMs));
    doc.put("sameCommitJudgedMs", median(results, Round::judgedMs));
    doc.put("sameCommitMs", median(results, Round::noopMs));
    doc.put("oneFileChangeMs", median(results, Round::oneChangeMs));
    doc.put("fileAddedMs", median(results, Round::addMs));
    doc.put("fileRemovedMs", median(results, Round::removeMs));
    doc.put("tenPercentChangeMs", median(results, Round::tenPercentMs));
    doc.put("pushToRecordedMs", median(results, Round::pushToSyncedMs));
    doc.put("fileBrokenMs", median(results, Round::brokenMs));
    doc.put("oneFileChangeBesideBrokenMs", median(results, Round::changeBesideBrokenMs));
    doc.put("sameCommitBesideBrokenMs", median(results, Round::sameBesideBrokenMs));
    doc.put("filesParsedByOneFileChange", results.get(0).parsedByOneChange());
    doc.put("peakHeapBytes", peakHeap);
    doc.put("fullCollections", fullCollections);
    doc.put("peakHeapAfterFullCollectionBytes", peakAfterFull);
    if (cliRuns != null) {
      List<CliRound> cliResults = cliRuns.rounds();
      doc.put("cliCommand", cliRuns.command().description());
      doc.put("cliFirstRunMs", cliRuns.firstMs());
      doc.put("cliColdMs", median(cliResults, CliRound::coldMs));
      doc.put("cliSameCommitMs", median(cliResults, CliRound::sameMs));
      doc.put("cliOneFileChangeMs", median(cliResults, CliRound::oneChangeMs));
    }
    out.println(Json.PRETTY.writeValueAsString(doc));
    out.flush();
  }

  private static <T> long median(List<T> rounds, ToLongFunction<T> metric) {
    List<Long> values = rounds.stream().map(metric::applyAsLong).sorted().toList();
    return values.get(values.size() / 2);
  }

  /** Where generated file {@code f} is: twenty folders. */
  static String path(int f) {
    return "m" + (f % 20) + "/r" + f + ".yaml";
  }

  /** Generated file {@code f}: its {@code --resources-per-file} manifests, one document each. */
  private String file(int f, String script) {
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < resourcesPerFile; r++) {
      if (r > 0) {
        text.append("---\n");
      }
      text.append(manifest(f * resourcesPerFile + r, script));
    }
    return text.toString();
  }

  /**
   * The time of a sync whose commit adds two files far over the size limit beside the others: they
   * are refused by their size, before their content is read.
   */
  private static long hugeFiles(Path work, Path repoDir, Git git, RepoSpec repo)
      throws IOException, GitAPIException {
    try (Wiring wiring = new Wiring(work.resolve("data-huge"), Clock.systemUTC())) {
      Reconciler reconciler = wiring.reconciler("local");
      reconciler.reconcile(repo, null, Trigger.CLI, false);
      String line = "# " + "x".repeat(1022) + "\n";
      try (var huge = Files.newBufferedWriter(repoDir.resolve("huge.yaml"))) {
        for (int i = 0; i < 60 * 1024; i++) {
          huge.write(line);
        }
      }
      write(repoDir.resolve("line.yaml"), "description: \"" + "y".repeat(10_000_000) + "\"\n");
      commit(git, "two huge files");
      long start = System.nanoTime();
      SyncResult result = reconciler.reconcile(repo, null, Trigger.CLI, false);
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (result.problems().stream().filter(p -> p.message().startsWith("too large")).count()
          != 2) {
        throw new IllegalStateException("expected two too-large files: " + result.problems());
      }
      return ms;
    }
  }

  /**
   * An agent with its HTTP server on loopback gets a signed push for {@code commit}; the time until
   * the Poros DB records the repository at that commit.
   */
  private static long pushToSynced(Wiring wiring, RepoSpec repo, Callable<String> push)
      throws Exception {
    try (BenchAgent agent = BenchAgent.start(wiring, repo)) {
      String commit = push.call();
      HttpClient http = HttpClient.newHttpClient();
      long start = System.nanoTime();
      int status = agent.push(http, commit, null);
      if (status != 202) {
        throw new IllegalStateException("bench webhook answered " + status);
      }
      long deadline = start + Duration.ofMinutes(1).toNanos();
      while (!commit.equals(recordedCommit(wiring))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the pushed commit was not synced within a minute");
        }
        Thread.sleep(1);
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static String recordedCommit(Wiring wiring) {
    return wiring.stores().repositories().list().stream()
        .map(RepositoryRecord::lastCommit)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse("");
  }

  /** The time of a sync that must end held by {@code file} alone: its problem, nothing failed. */
  private static long timeHeldBy(String file, Supplier<SyncResult> sync) {
    return time(
        sync,
        result ->
            !result.problems().isEmpty()
                && result.problems().stream().allMatch(p -> p.file().endsWith(file))
                && result.changes().applied().stream().noneMatch(e -> e.result().action().failed()),
        "not held by " + file);
  }

  private static long time(Supplier<SyncResult> sync) {
    return time(sync, result -> !result.anyResourceFailed(), "failed");
  }

  /** The time of {@code sync}, which must end as {@code expected} (else: it {@code otherwise}). */
  private static long time(
      Supplier<SyncResult> sync, Predicate<SyncResult> expected, String otherwise) {
    long start = System.nanoTime();
    SyncResult result = sync.get();
    if (!expected.test(result)) {
      throw new IllegalStateException("bench sync " + otherwise + ": " + result.problems());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The median (min-max) of {@code metric} over {@code rounds}, on one line. */
  static <T> void print(PrintWriter out, String what, List<T> rounds, ToLongFunction<T> metric) {
    List<Long> values = rounds.stream().map(metric::applyAsLong).sorted().toList();
    out.printf(
        "  %-58s %6d (%d-%d)%n",
        what, values.get(values.size() / 2), values.get(0), values.get(values.size() - 1));
  }

  /**
   * A mix of the types a repository holds: computes, workflows that use them (scheduled far in the
   * future, so that the bench times the sync, not the runs), policies and depots.
   */
  static String manifest(int i, String script) {
    int compute = i - i % 10;
    return switch (i % 10) {
      case 0 ->
          "name: c"
              + i
              + "\nversion: v1\ntype: compute\nowner: bench\ncompute:\n  purpose: runnable\n";
      case 1, 2, 3, 4, 5 ->
          "name: w"
              + i
              + "\nversion: v1\ntype: workflow\nworkspace: ws"
              + (i % 3)
              + "\nowner: bench\nworkflow:\n  schedule:\n    cron: '0 0 0 1 1 ? 2099'\n  dag:\n    - name: a\n      spec:\n        stack: shell\n        timeout: 10m\n        compute: c"
              + compute
              + "\n        script: "
              + script
              + "\n    - name: b\n      dependencies: [a]\n      spec:\n        stack: shell\n        timeout: 10m\n        compute: c"
              + compute
              + "\n        command: [sh, -c, echo b]\n";
      case 6, 7 ->
          "name: p"
              + i
              + "\nversion: v1\ntype: policy\nowner: bench\npolicy:\n  access:\n    subjects: {tags: [roles:id:u"
              + i
              + "]}\n    predicates: [read]\n    objects: {tags: [dataos:workspace:ws]}\n    allow: true\n";
      default ->
          "name: d"
              + i
              + "\nversion: v1\ntype: depot\nowner: bench\ndepot:\n  type: S3\n  spec:\n    bucket: b"
              + i
              + "\n";
    };
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  static String commit(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call(); // and what was deleted
    return git.commit()
        .setMessage(message)
        .setAuthor("bench", "bench@localhost")
        .setCommitter("bench", "bench@localhost")
        .call()
        .name();
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
