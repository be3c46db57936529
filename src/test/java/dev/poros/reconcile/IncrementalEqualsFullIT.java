package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.model.Action;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.source.RepoSpec;
import dev.poros.store.ResourceFilter;
import dev.poros.testing.Fixtures;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever shortcut a sync takes, it records what a sync of the whole commit records: thirty random
 * commits over a 300-file repository — adds, edits, deletes, renames, broken and fixed files, a
 * rotated secret that depots and workflows use, a changed stack, a changed {@code file:} target,
 * the same commit again — each synced as it would be (every other commit by a new process, which
 * knows only what the data folder holds) and by another agent with {@code --full}; after each, both
 * record the same resources (ids, hashes, status, messages) and report the same problems.
 */
class IncrementalEqualsFullIT {
  static final int FILES = 300;
  static final int COMMITS = 30;

  @TempDir Path tmp;

  static String compute(int i, String purpose) {
    return "name: c" + i + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  static String depot(int i) {
    return "name: d"
        + i
        + "\nversion: v1\ntype: depot\ndepot:\n  type: POSTGRES\n  spec:\n    host: h"
        + i
        + "\n    port: 5432\n  secrets:\n    - name: creds\n      allkeys: true\n";
  }

  static String workflow(int i, String job) {
    return "name: w"
        + i
        + "\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n    cron: '0 0 0 1 1 ? 2099'\n"
        + "  dag:\n"
        + job;
  }

  /** A workflow of one of three kinds: on the stack with the secret, from a file, a script. */
  static String workflow(int i) {
    return switch ((i / 3) % 3) {
      case 0 ->
          workflow(
              i,
              "    - name: a\n      spec:\n        stack: tool:1.0\n        compute: local\n"
                  + "        secrets: [creds]\n");
      case 1 -> workflow(i, "    - name: a\n      file: /jobs/shared.yaml\n");
      default ->
          workflow(
              i,
              "    - name: a\n      spec:\n        stack: shell\n        compute: local\n"
                  + "        script: echo "
                  + i
                  + "\n");
    };
  }

  static String secret(String password) {
    return "name: creds\nversion: v1\ntype: instance-secret\ninstance-secret:\n"
        + "  type: key-value-properties\n  acl: rw\n  data:\n    username: etl\n    password: "
        + password
        + "\n";
  }

  static String stack(String word) {
    return "name: tool-v1\nversion: v1alpha\ntype: stack\nstack:\n  name: tool\n  version: '1.0'\n"
        + "  command: [sh]\n  arguments: [-c, 'echo "
        + word
        + "']\n";
  }

  @Test
  void thirtyRandomCommitsRecordWhatFullSyncsRecord() throws Exception {
    Random random = new Random(14);
    Wiring incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring full = new Wiring(tmp.resolve("full"), Clock.systemUTC())) {
      Map<String, String> files = new TreeMap<>(); // path → content, as committed
      files.put("platform/creds.yaml", secret("p0"));
      files.put("platform/stack.yaml", stack("v0"));
      files.put("platform/local.yaml", compute(9999, "runnable").replace("c9999", "local"));
      files.put("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared 0]\n");
      for (int i = 0; i < FILES - 4; i++) {
        String content = i % 3 == 0 ? compute(i, "runnable") : i % 3 == 1 ? depot(i) : workflow(i);
        files.put("r" + (i % 10) + "/f" + i + ".yaml", content);
      }
      files.forEach(repo::write);
      repo.commit("300 files");
      RepoSpec spec =
          RepoSpec.of(repo.dir().toString(), null, "")
              .withGuards(true, RepoSpec.DEFAULT_MAX_FILE_BYTES);
      Map<String, String> broken = new HashMap<>(); // path → the content before it broke
      int next = FILES;
      List<String> done = new ArrayList<>();
      Map<String, String> pairs = new HashMap<>();
      List<Integer> kinds = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
      Collections.shuffle(kinds, random);
      Map<String, String> reverse = new HashMap<>();
      List<Long> parsed = new ArrayList<>(); // files parsed by each new process
      for (int commit = 0; commit <= COMMITS; commit++) {
        List<String> ordinary = files.keySet().stream().filter(p -> p.startsWith("r")).toList();
        String path = ordinary.get(random.nextInt(ordinary.size()));
        String what;
        // every kind of change once, in a random order, then at random
        // (a broken file is soon fixed: while one is, every sync reads the whole commit)
        int kind =
            commit == 0
                ? -1
                : commit <= kinds.size()
                    ? kinds.get(commit - 1)
                    : !broken.isEmpty() && random.nextBoolean() ? 5 : random.nextInt(10);
        switch (kind) {
          case -1 -> what = "the first sync";
          case 0 -> {
            what = "add";
            String added = "r" + (next % 10) + "/f" + next + ".yaml";
            files.put(added, next % 2 == 0 ? depot(next) : workflow(next));
            repo.write(added, files.get(added));
            next++;
          }
          case 1 -> {
            what = "edit " + path;
            files.put(path, files.get(path).replace("purpose: runnable", "purpose: query"));
            repo.write(path, files.get(path) + "# edited " + commit + "\n");
            files.put(path, repo.read(path));
          }
          case 2 -> {
            what = "delete " + path;
            files.remove(path);
            broken.remove(path);
            repo.delete(path);
          }
          case 3 -> {
            String moved = "moved/" + Path.of(path).getFileName();
            what = "rename " + path + " to " + moved;
            if (files.containsKey(moved)) {
              continue;
            }
            files.put(moved, files.remove(path));
            repo.delete(path).write(moved, files.get(moved));
          }
          case 4 -> {
            what = "break " + path;
            broken.putIfAbsent(path, files.get(path));
            files.put(path, "name: [broken\n");
            repo.write(path, files.get(path));
          }
          case 5 -> {
            if (broken.isEmpty()) {
              continue;
            }
            String fixed = broken.keySet().iterator().next();
            what = "fix " + fixed;
            files.put(fixed, broken.remove(fixed));
            repo.write(fixed, files.get(fixed));
          }
          case 6 -> {
            what = "rotate the secret";
            files.put("platform/creds.yaml", secret("p" + commit));
            repo.write("platform/creds.yaml", files.get("platform/creds.yaml"));
          }
          case 7 -> {
            what = "change the stack";
            files.put("platform/stack.yaml", stack("v" + commit));
            repo.write("platform/stack.yaml", files.get("platform/stack.yaml"));
          }
          case 8 -> {
            what = "change the file: target";
            files.put(
                "jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared " + commit + "]\n");
            repo.write("jobs/shared.yaml", files.get("jobs/shared.yaml"));
          }
          default -> what = "the same commit again";
        }
        if (!what.equals("the same commit again")) {
          repo.commit(what);
        }
        done.add(what);
        if (commit % 2 == 1) {
          // a new process, as a one-shot poros sync is: all it knows is in the data folder
          incremental.close();
          incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
        }
        long parsedBefore = incremental.loader().filesParsed();
        SyncResult mine = incremental.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        if (commit % 2 == 1) {
          parsed.add(incremental.loader().filesParsed() - parsedBefore);
        }
        SyncResult whole = full.reconciler("local").reconcile(spec, null, Trigger.CLI, false, true);

        sameRecords(incremental, full, mine, whole, done.toString(), pairs, reverse);
        if (commit == 0) {
          assertThat(mine.problems()).as("the generated repository is valid").isEmpty();
        }
      }
      assertThat(done)
          .as("the sequence holds every kind of change")
          .anyMatch(d -> d.startsWith("add"))
          .anyMatch(d -> d.startsWith("edit"))
          .anyMatch(d -> d.startsWith("delete"))
          .anyMatch(d -> d.startsWith("rename"))
          .anyMatch(d -> d.startsWith("break"))
          .anyMatch(d -> d.startsWith("fix"))
          .anyMatch(d -> d.startsWith("rotate"))
          .anyMatch(d -> d.startsWith("change the stack"))
          .anyMatch(d -> d.startsWith("change the file"))
          .anyMatch(d -> d.startsWith("the same commit"));
      assertThat(parsed)
          .as("a new process after a settled sync parses only what changed")
          .anyMatch(n -> n == 1);
    } finally {
      incremental.close();
    }
  }

  /**
   * Both agents record the same resources and report the same problems and outcome; hashes hold a
   * keyed digest of secret values, the key each data folder's own: the two agents' hashes differ,
   * but must pair one to one, always the same way ({@code pairs} and {@code reverse} remember how).
   */
  static void sameRecords(
      Wiring incremental,
      Wiring full,
      SyncResult mine,
      SyncResult whole,
      String after,
      Map<String, String> pairs,
      Map<String, String> reverse) {
    assertThat(differences(state(incremental), state(full))).as("after %s", after).isEmpty();
    assertThat(problems(mine)).as("after %s", after).isEqualTo(problems(whole));
    if (mine.plan().steps().stream().anyMatch(s -> s.desired() != null)) {
      // (a sync that ends after the fetch reports no warnings: it judged nothing)
      assertThat(mine.warnings().stream().map(Problem::toString).toList())
          .as("after %s, the warnings", after)
          .isEqualTo(whole.warnings().stream().map(Problem::toString).toList());
    }
    assertThat(mine.outcome()).as("after %s", after).isEqualTo(whole.outcome());
    Map<String, String> mineHashes = hashes(incremental);
    Map<String, String> wholeHashes = hashes(full);
    for (Map.Entry<String, String> id : mineHashes.entrySet()) {
      String theirs = wholeHashes.get(id.getKey());
      assertThat(pairs.computeIfAbsent(id.getValue(), h -> theirs))
          .as("after %s, the hash of %s", after, id.getKey())
          .isEqualTo(theirs);
      assertThat(reverse.computeIfAbsent(theirs, h -> id.getValue()))
          .as("after %s, the hash of %s", after, id.getKey())
          .isEqualTo(id.getValue());
    }
  }

  /**
   * An agent that settled the last commit judges the next one as a change when it only changes
   * resources' content: it validates, folds, admits and plans the changed resources and what uses
   * them (with what those need beside them), and knows every other resource unchanged — and records
   * what a sync of the whole commit records; an added resource and a removed one that nothing else
   * uses or names are judged alone too. A kind of change the shortcut does not take (a changed
   * stack) is judged whole and must record the same too.
   */
  @Test
  void anAgentJudgesAChangeOfContentAloneAndRecordsWhatFullSyncsRecord() throws Exception {
    Random random = new Random(16);
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
        Wiring full = new Wiring(tmp.resolve("full"), Clock.systemUTC())) {
      Map<String, String> files = new TreeMap<>();
      files.put("platform/creds.yaml", secret("p0"));
      files.put("platform/stack.yaml", stack("v0"));
      files.put("platform/local.yaml", compute(9999, "runnable").replace("c9999", "local"));
      files.put("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared 0]\n");
      for (int i = 0; i < 60; i++) {
        String content = i % 3 == 0 ? compute(i, "runnable") : i % 3 == 1 ? depot(i) : workflow(i);
        files.put("r" + (i % 10) + "/f" + i + ".yaml", content);
      }
      files.forEach(repo::write);
      repo.commit("64 files");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      Map<String, String> pairs = new HashMap<>();
      Map<String, String> reverse = new HashMap<>();
      Map<String, List<Judgements>> judgedAlone = new TreeMap<>(); // kind → each sync's counts
      int next = 60;
      for (int commit = 0; commit <= 24; commit++) {
        List<String> ordinary = files.keySet().stream().filter(p -> p.startsWith("r")).toList();
        String path = ordinary.get(random.nextInt(ordinary.size()));
        String kind =
            commit == 0
                ? "first"
                : List.of("edit", "edit", "rotate", "file", "stack", "add", "delete", "rename")
                    .get(random.nextInt(8));
        switch (kind) {
          case "first" -> {}
          case "edit" ->
              repo.write(
                  path,
                  repo.read(path)
                          .replace("runnable", "query")
                          .replace("port: 5432", "port: " + (6000 + commit))
                      + "# edit "
                      + commit
                      + "\n");
          case "rotate" -> repo.write("platform/creds.yaml", secret("p" + commit));
          case "file" ->
              repo.write(
                  "jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared " + commit + "]\n");
          case "stack" -> repo.write("platform/stack.yaml", stack("v" + commit));
          case "add" -> repo.write("r0/f" + next + ".yaml", depot(next++));
          case "delete" -> {
            // a depot: computes are used by workflows, deleting one would break them
            List<String> depots =
                ordinary.stream().filter(p -> repo.read(p).contains("type: depot")).toList();
            String gone = depots.get(random.nextInt(depots.size()));
            repo.delete(gone);
            files.remove(gone);
          }
          case "rename" -> {
            String moved = "moved/" + Path.of(path).getFileName();
            repo.write(moved, repo.read(path)).delete(path);
            files.put(moved, files.remove(path));
          }
          default -> throw new IllegalStateException(kind);
        }
        if (commit > 0) {
          repo.commit(kind + " " + commit);
        }
        SyncResult mine = incremental.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        SyncResult whole = full.reconciler("local").reconcile(spec, null, Trigger.CLI, false, true);
        assertThat(mine.outcome()).as("%s %d", kind, commit).isEqualTo(SyncOutcome.SUCCEEDED);
        sameRecords(incremental, full, mine, whole, kind + " " + commit, pairs, reverse);
        judgedAlone
            .computeIfAbsent(kind, k -> new ArrayList<>())
            .add(new Judgements(judged(mine), judged(whole)));
      }
      // an edit, a rotated secret, a changed file, a resource added, removed or moved: judged is
      // what changed and its users, not all
      for (String kind : List.of("edit", "rotate", "file", "add", "delete", "rename")) {
        assertThat(judgedAlone.get(kind))
            .as("%s: judged alone", kind)
            .isNotEmpty()
            .allMatch(Judgements::fewer);
      }
      assertThat(judgedAlone.get("stack"))
          .as("a changed stack changes what references resolve to: judged whole")
          .isNotEmpty()
          .noneMatch(Judgements::fewer);
      // an edit, then the file the workflows read with file: — judged as a change of a change,
      // which knows which files read others as the whole judgement did
      for (String kind : List.of("edit", "file")) {
        if (kind.equals("edit")) {
          String path = files.keySet().stream().filter(p -> p.startsWith("r")).findFirst().get();
          repo.write(path, repo.read(path) + "# edit again\n");
        } else {
          repo.write("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared at last]\n");
        }
        repo.commit(kind + " after the random ones");
        SyncResult mine = incremental.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        SyncResult whole = full.reconciler("local").reconcile(spec, null, Trigger.CLI, false, true);
        sameRecords(incremental, full, mine, whole, kind + " at last", pairs, reverse);
        assertThat(new Judgements(judged(mine), judged(whole)).fewer()).as(kind).isTrue();
      }

      // a new process trusts what the agent's changes declared, file by file: after one more
      // edit it parses that file alone and records what a whole sync records
      incremental.close();
      String edited = files.keySet().stream().filter(p -> p.startsWith("r")).findFirst().get();
      repo.write(edited, repo.read(edited) + "# edited by hand\n").commit("one more edit");
      // then the restarted process, its verdict made of the rows' stubs, judges one more edit as
      // an agent does: that file alone parsed again
      Synced edit =
          syncInNewProcess(
              spec,
              full,
              "a new process's edit",
              pairs,
              reverse,
              () -> repo.write(edited, repo.read(edited) + "# again\n").commit("and again"));
      assertThat(judged(edit.mine()))
          .as("a new process judges the edit alone, from the rows the last sync left")
          .isLessThan(judged(edit.whole()));
      // and a rotated secret re-plans exactly what uses it, the secret's users found in the rows
      repo.write("platform/creds.yaml", secret("rotated")).commit("rotate in a new process");
      Synced rotation =
          syncInNewProcess(spec, full, "a new process's rotation", pairs, reverse, null);
      assertThat(configured(rotation.mine()))
          .as("the secret and its users, nothing else")
          .isEqualTo(namesUsing(repo.dir(), "creds"));
      assertThat(judged(rotation.mine()))
          .as("judged from the rows")
          .isLessThan(judged(rotation.whole()));
      // a file added, then removed, each in a new process: judged alone, the removal parsing none
      repo.write("r0/added.yaml", depot(900)).commit("add in a new process");
      Synced add = syncInNewProcess(spec, full, "a new process's add", pairs, reverse, null);
      assertThat(judged(add.mine())).as("an add, judged alone").isLessThan(judged(add.whole()));
      repo.delete("r0/added.yaml").commit("remove in a new process");
      try (Wiring restarted = new Wiring(tmp.resolve("incremental"), Clock.systemUTC())) {
        Synced removal = sync(restarted, full, spec, "a new process's removal", pairs, reverse);
        assertThat(restarted.loader().filesParsed()).as("files a removal parsed").isZero();
        assertThat(judged(removal.mine()))
            .as("a removal, judged alone")
            .isLessThan(judged(removal.whole()));
      }
    }
  }

  /**
   * An added resource that takes a name others' references resolve by, and a removed one that
   * others still use, reach beyond themselves: the agent judges those commits whole (the first
   * makes the references ambiguous, the second is kept for its users), and records what a whole
   * sync records. Resources added or removed with what uses them are judged alone.
   */
  @Test
  void addsAndRemovalsThatReachOthersAreJudgedWhole() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
        Wiring full = new Wiring(tmp.resolve("full"), Clock.systemUTC())) {
      String local = compute(9999, "runnable").replace("c9999", "local");
      repo.write("platform/creds.yaml", secret("p0"))
          .write("platform/stack.yaml", stack("v0"))
          .write("platform/local.yaml", local)
          .write("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared 0]\n");
      for (int i = 0; i < 12; i++) {
        repo.write("r/f" + i + ".yaml", i % 2 == 0 ? depot(i) : workflow(i));
      }
      repo.commit("16 files");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      Map<String, String> pairs = new HashMap<>();
      Map<String, String> reverse = new HashMap<>();
      Map<String, Runnable> reaching = new LinkedHashMap<>();
      reaching.put(
          "a compute named as the one workflows use",
          () ->
              repo.write(
                  "platform/local-beta.yaml", local.replace("version: v1", "version: v1beta")));
      reaching.put("the compute workflows use removed", () -> repo.delete("platform/local.yaml"));
      Map<String, Runnable> fixes =
          Map.of(
              "a compute named as the one workflows use",
              () -> repo.delete("platform/local-beta.yaml"),
              "the compute workflows use removed",
              () -> repo.write("platform/local.yaml", local));
      sync(incremental, full, spec, "first", pairs, reverse);
      // the first sync made the built-ins, which unsettles it: the next one settles
      repo.write("r/f0.yaml", depot(0).replace("5432", "5433")).commit("an edit");
      sync(incremental, full, spec, "an edit", pairs, reverse);
      for (Map.Entry<String, Runnable> change : reaching.entrySet()) {
        change.getValue().run();
        repo.commit(change.getKey());
        Synced synced = sync(incremental, full, spec, change.getKey(), pairs, reverse);
        assertThat(synced.whole().outcome()).as(change.getKey()).isEqualTo(SyncOutcome.DEGRADED);
        assertThat(judged(synced.mine()))
            .as("%s: judged whole", change.getKey())
            .isEqualTo(judged(synced.whole()));
        fixes.get(change.getKey()).run();
        repo.commit("undo: " + change.getKey());
        sync(incremental, full, spec, "undo: " + change.getKey(), pairs, reverse);
      }
      // a compute and the workflow that uses it, added together, then removed together: each
      // judged alone; the verdict kept after them serves an edit too
      repo.write(
          "r/pair.yaml", compute(77, "runnable") + "---\n" + workflow(80).replace("local", "c77"));
      repo.commit("a pair added");
      Synced pair = sync(incremental, full, spec, "a pair added", pairs, reverse);
      assertThat(judged(pair.mine())).as("a pair added").isLessThan(judged(pair.whole()));
      repo.delete("r/pair.yaml").commit("the pair removed");
      pair = sync(incremental, full, spec, "the pair removed", pairs, reverse);
      assertThat(judged(pair.mine())).as("the pair removed").isLessThan(judged(pair.whole()));
      repo.write("r/f2.yaml", depot(2).replace("5432", "5434")).commit("an edit after");
      pair = sync(incremental, full, spec, "an edit after", pairs, reverse);
      assertThat(judged(pair.mine())).as("an edit after").isLessThan(judged(pair.whole()));
    }
  }

  /**
   * Policies read the commit's workspaces: a resource added in a new workspace, and the last one of
   * a workspace removed, change what a policy finds about resources they do not touch — the agent
   * judges those commits whole and records what a whole sync records. One added in a workspace the
   * commit has is judged alone.
   */
  @Test
  void addsAndRemovalsThatChangeTheCommitsWorkspacesAreJudgedWhole() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
        Wiring full = new Wiring(tmp.resolve("full"), Clock.systemUTC())) {
      repo.write(
              "platform/workspaces.yaml",
              "name: no-late-workspace\nversion: v1\ntype: admission-policy\n"
                  + "admission-policy:\n  match:\n    types: [depot]\n  validations:\n"
                  + "    - expression: \"!('late' in workspaces)\"\n"
                  + "      messageExpression: \"'the commit has workspaces ' + workspaces.join(', ')\"\n"
                  + "  action: warn\n")
          .write("platform/creds.yaml", secret("p0"))
          .write("platform/stack.yaml", stack("v0"))
          .write("platform/local.yaml", compute(9999, "runnable").replace("c9999", "local"));
      for (int i = 0; i < 4; i++) {
        repo.write("r/f" + i + ".yaml", depot(i));
      }
      repo.commit("depots and a policy that reads the workspaces");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      Map<String, String> pairs = new HashMap<>();
      Map<String, String> reverse = new HashMap<>();
      sync(incremental, full, spec, "first", pairs, reverse);
      // the first sync made the built-ins, which unsettles it: the next one settles
      repo.write("r/f0.yaml", depot(0).replace("5432", "5433")).commit("an edit");
      sync(incremental, full, spec, "an edit", pairs, reverse);
      IntFunction<String> late =
          i -> workflow(i).replace("type: workflow\n", "type: workflow\nworkspace: late\n");

      repo.write("r/late.yaml", late.apply(6)).commit("a workflow in a new workspace");
      Synced added = sync(incremental, full, spec, "a new workspace", pairs, reverse);
      assertThat(added.whole().warnings())
          .as("the depots warned of")
          .filteredOn(w -> w.message().contains("workspaces late, public"))
          .hasSize(4);
      assertThat(judged(added.mine())).as("judged whole").isEqualTo(judged(added.whole()));

      repo.write("r/late2.yaml", late.apply(7)).commit("a second workflow in it");
      Synced second = sync(incremental, full, spec, "a second one", pairs, reverse);
      assertThat(judged(second.mine())).as("judged alone").isLessThan(judged(second.whole()));

      repo.delete("r/late.yaml").delete("r/late2.yaml").commit("the workspace emptied");
      Synced emptied = sync(incremental, full, spec, "the workspace emptied", pairs, reverse);
      assertThat(emptied.whole().warnings()).noneMatch(w -> w.message().contains("late"));
      assertThat(judged(emptied.mine())).as("judged whole").isEqualTo(judged(emptied.whole()));
    }
  }

  /**
   * A bundle may take its members from files outside the synced folder: a change elsewhere keeps
   * them in the verdict, and it and a sync of the same commit again report them as a whole sync
   * does.
   */
  @Test
  void bundleMembersFromOutsideTheFolderStayInAChangesVerdict() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring incremental = new Wiring(tmp.resolve("incremental"), Clock.systemUTC());
        Wiring full = new Wiring(tmp.resolve("full"), Clock.systemUTC())) {
      repo.write(
              "deploy/bundle.yaml",
              Fixtures.text("bundles/lake-bundle.yaml")
                  .replace("file: members/", "file: ../members/")
                  // scheduled far away: the two agents' runs would finish at different times
                  .replace(
                      "        workflow:\n          dag:",
                      "        workflow:\n          schedule:\n            cron: '0 0 0 1 1 ? 2099'\n"
                          + "          dag:"))
          .copy("bundles/lake-depot.yaml", "members/lake-depot.yaml")
          .copy("bundles/cluster.yaml", "members/cluster.yaml")
          .write("deploy/d.yaml", plainDepot("b0"))
          .commit("a bundle with members outside deploy/");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "deploy");
      Map<String, String> pairs = new HashMap<>();
      Map<String, String> reverse = new HashMap<>();
      sync(incremental, full, spec, "first", pairs, reverse);
      // three edits, then the last commit again (a sync that ends after the fetch)
      for (int i = 0; i < 4; i++) {
        if (i < 3) {
          repo.write("deploy/d.yaml", plainDepot("b" + (i + 1))).commit("edit " + i);
        }
        Synced synced = sync(incremental, full, spec, "edit " + i, pairs, reverse);
        assertThat(synced.whole().outcome()).as("edit %d", i).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(synced.mine().plan().steps())
            .as("edit %d: every resource reported", i)
            .extracting(step -> step.key().id())
            .containsExactlyInAnyOrderElementsOf(
                synced.whole().plan().steps().stream().map(step -> step.key().id()).toList());
      }
    }
  }

  private static String plainDepot(String bucket) {
    return "name: plain\nversion: v1\ntype: depot\ndepot:\n  type: S3\n  spec:\n    bucket: "
        + bucket
        + "\n";
  }

  /** The agent's sync and a whole one of the same commit: both record the same. */
  private Synced sync(
      Wiring incremental,
      Wiring full,
      RepoSpec spec,
      String what,
      Map<String, String> pairs,
      Map<String, String> reverse) {
    SyncResult mine = incremental.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
    SyncResult whole = full.reconciler("local").reconcile(spec, null, Trigger.CLI, false, true);
    sameRecords(incremental, full, mine, whole, what, pairs, reverse);
    return new Synced(mine, whole);
  }

  /** A sync in a new process and the whole sync of the same commit. */
  record Synced(SyncResult mine, SyncResult whole) {}

  /**
   * Syncs in a new process, as a one-shot {@code poros sync} does (all it knows is in the data
   * folder), and with {@code full} from scratch; both record the same, and the new process parsed
   * only the one file the commit changed; {@code thenCommit} (null: none), a commit of one more
   * changed file the same process then syncs, parsing that file alone.
   */
  Synced syncInNewProcess(
      RepoSpec spec,
      Wiring full,
      String what,
      Map<String, String> pairs,
      Map<String, String> reverse,
      Runnable thenCommit) {
    try (Wiring restarted = new Wiring(tmp.resolve("incremental"), Clock.systemUTC())) {
      Synced synced = sync(restarted, full, spec, what, pairs, reverse);
      assertThat(restarted.loader().filesParsed()).as("files a new process parsed").isEqualTo(1);
      if (thenCommit != null) {
        thenCommit.run();
        sync(restarted, full, spec, what + ", then", pairs, reverse);
        assertThat(restarted.loader().filesParsed())
            .as("files it parsed for the next commit too")
            .isEqualTo(2);
      }
      return synced;
    }
  }

  /** The names of the resources a sync configured. */
  static Set<String> configured(SyncResult result) {
    return result.changes().entries().stream()
        .filter(e -> e.result().action() == Action.CONFIGURED)
        .map(e -> e.step().key().id().split(":")[2])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The names of the resources declared in files of {@code dir} that mention {@code word}. */
  static Set<String> namesUsing(Path dir, String word) throws IOException {
    Set<String> names = new TreeSet<>();
    try (var walk = Files.walk(dir)) {
      for (Path file : walk.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        if (text.contains(word) && text.startsWith("name: ")) {
          names.add(text.substring("name: ".length(), text.indexOf('\n')));
        }
      }
    }
    return names;
  }

  /** What a sync judged ({@link #judged}), and what the whole commit's sync judged. */
  record Judgements(long mine, long whole) {
    boolean fewer() {
      return mine < whole;
    }
  }

  /**
   * The steps a sync judged and planned: a step it knew unchanged without judging carries neither a
   * declared nor a recorded resource.
   */
  static long judged(SyncResult result) {
    return result.plan().steps().stream()
        .filter(s -> s.desired() != null || s.recorded() != null)
        .count();
  }

  /** Every recorded resource: id → status, file and message. */
  static Map<String, String> state(Wiring wiring) {
    Map<String, String> state = new TreeMap<>();
    for (RecordedResource r : wiring.stores().resources().list(ResourceFilter.ALL)) {
      state.put(r.key().id(), r.status() + " " + r.sourceFile() + " " + r.message());
    }
    return state;
  }

  /** Every recorded resource's hash. */
  static Map<String, String> hashes(Wiring wiring) {
    Map<String, String> hashes = new TreeMap<>();
    for (RecordedResource r : wiring.stores().resources().list(ResourceFilter.ALL)) {
      hashes.put(r.key().id(), r.hash());
    }
    return hashes;
  }

  /** The ids recorded differently, each with both records: incremental | full. */
  static List<String> differences(Map<String, String> mine, Map<String, String> whole) {
    Set<String> ids = new TreeSet<>(mine.keySet());
    ids.addAll(whole.keySet());
    return ids.stream()
        .filter(id -> !Objects.equals(mine.get(id), whole.get(id)))
        .map(id -> id + ": " + mine.get(id) + " | " + whole.get(id))
        .toList();
  }

  static List<String> problems(SyncResult result) {
    return result.problems().stream().map(Problem::toString).sorted().toList();
  }
}
