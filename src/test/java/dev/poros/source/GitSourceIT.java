package dev.poros.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading commits through a bare mirror, from real repositories. */
class GitSourceIT {
  @TempDir Path tmp;

  @Test
  void aLocalWorkingRepositoryIsReadAtItsCommittedStateNotItsWorkingTree() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        GitSource source = new GitSource(tmp.resolve("mirrors"))) {
      repo.write("a.yaml", "committed: true\n").commit("one");
      repo.write("a.yaml", "committed: false\n").write("b.yaml", "untracked: true\n");

      Snapshot snapshot = source.snapshot(RepoSpec.of(repo.dir().toString(), null, ""), null, null);

      assertThat(snapshot.files()).extracting(SourceFile::path).containsExactly("a.yaml");
      assertThat(
              new String(snapshot.reader().read(snapshot.files().get(0)), StandardCharsets.UTF_8))
          .isEqualTo("committed: true\n");
      assertThat(snapshot.branch()).isEqualTo("main");
      assertThat(snapshot.message()).isEqualTo("one");
      assertThat(tmp.resolve("mirrors"))
          .isDirectoryContaining(p -> p.getFileName().toString().startsWith("repo-"));
    }
  }

  @Test
  void aFolderReadWithoutGitListsItsFilesAsACommitOfThemDoes() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        GitSource source = new GitSource(tmp.resolve("mirrors"))) {
      // Git orders by UTF-8 bytes: a full-width letter (EF ..) before an emoji (F0 ..), which
      // Java's UTF-16 order puts first; '-' and '.' before the '/' of a folder
      for (String path :
          List.of("b.yaml", "\uD83D\uDE00.yaml", "\uFF21.yaml", "a/c.yaml", "a.yaml", "a-b.yaml")) {
        repo.write(path, "name: " + path.length() + "\n");
      }
      repo.commit("names");

      Snapshot committed =
          source.snapshot(RepoSpec.of(repo.dir().toString(), null, ""), null, null);
      Snapshot folder = DirectorySource.read(repo.dir(), List.of(), List.of());

      assertThat(folder.files()).containsExactlyElementsOf(committed.files());
    }
  }

  @Test
  void theDefaultBranchIsTheRemotesHeadAndAnyBranchTagOrCommitCanBeRead() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        GitSource source = new GitSource(tmp.resolve("mirrors"))) {
      String first = repo.write("a.yaml", "v: 1\n").commit("one");
      try (Git git = Git.open(repo.dir().toFile())) {
        git.tag().setName("v1").call();
        git.branchRename().setOldName("main").setNewName("trunk").call();
        repo.write("a.yaml", "v: 2\n").commit("two");
        git.branchCreate().setName("feature").call();
      }
      RepoSpec followHead =
          new RepoSpec("file://" + repo.dir(), null, "", RepoSpec.DEFAULT_INCLUDE, List.of());

      assertThat(source.snapshot(followHead, null, null).branch()).isEqualTo("trunk");
      assertThat(source.snapshot(followHead, "v1", null).commit()).isEqualTo(first);
      assertThat(source.snapshot(followHead, first.substring(0, 10), null).commit())
          .isEqualTo(first);
      assertThat(source.snapshot(followHead, "HEAD~1", null).commit()).isEqualTo(first);
      assertThat(
              source
                  .snapshot(RepoSpec.of(repo.dir().toString(), "feature", ""), null, null)
                  .branch())
          .isEqualTo("feature");
      assertThatThrownBy(() -> source.snapshot(followHead, "nope", null))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("no branch, tag or commit 'nope'");
    }
  }

  @Test
  void pathAndGlobsSelectTheManifestsAndChangedPathsAreListedSinceTheLastCommit() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        GitSource source = new GitSource(tmp.resolve("mirrors"))) {
      repo.write("deploy/a.yaml", "a: 1\n")
          .write("deploy/sub/b.yml", "b: 1\n")
          .write("deploy/c.json", "{}")
          .write("deploy/skip/d.yaml", "d: 1\n")
          .write("other/e.yaml", "e: 1\n");
      String one = repo.commit("one");
      repo.write("deploy/a.yaml", "a: 2\n").write("other/e.yaml", "e: 2\n").commit("two");
      RepoSpec spec =
          new RepoSpec(
              repo.dir().toString(),
              null,
              "./deploy/",
              RepoSpec.DEFAULT_INCLUDE,
              List.of("skip/**"));

      Snapshot snapshot = source.snapshot(spec, null, one);

      assertThat(snapshot.files())
          .extracting(SourceFile::path)
          .containsExactly("deploy/a.yaml", "deploy/sub/b.yml");
      assertThat(snapshot.changedSinceLast())
          .containsExactlyInAnyOrder("deploy/a.yaml", "other/e.yaml");
      assertThat(source.snapshot(spec, null, null).changedSinceLast()).isNull();
    }
  }

  /**
   * A source lists a commit's files by amending its last listing with the paths that differ: after
   * each of many random commits its listing — paths, blobs and order — is what a new source lists
   * by walking the whole tree. The paths put Git's byte order to the test: a file beside a folder
   * of the same stem, names past U+E000 and outside the BMP, a file that becomes a folder.
   */
  @Test
  void aListingAmendedFromTheLastCommitIsTheWholeTreesListing() throws Exception {
    List<String> pool =
        List.of(
            "deploy/a.yaml",
            "deploy/a/x.yaml",
            "deploy/a-b.yaml",
            "deploy/a/b/c.yml",
            "deploy/\u00e4.yaml",
            "deploy/\uE000.yaml",
            "deploy/\uD835\uDCB3.yaml",
            "deploy/skip/d.yaml",
            "deploy/n.json",
            "deploy/q.yaml",
            "deploy/q.yaml/in.yaml",
            "other/e.yaml",
            "z.yaml");
    List<RepoSpec> specs =
        List.of(
            new RepoSpec(
                repoDir().toString(),
                null,
                "./deploy/",
                RepoSpec.DEFAULT_INCLUDE,
                List.of("skip/**")),
            RepoSpec.of(repoDir().toString(), null, ""));
    Random random = new Random(14);
    // one kept source for each selection: a source amends its last listing of the same selection
    try (TestRepo repo = TestRepo.init(repoDir());
        GitSource inFolder = new GitSource(tmp.resolve("kept-folder"));
        GitSource whole = new GitSource(tmp.resolve("kept-whole"))) {
      List<GitSource> kept = List.of(inFolder, whole);
      repo.write("deploy/a.yaml", "a: 0\n").write("z.yaml", "z: 0\n");
      Set<String> present = new HashSet<>(List.of("deploy/a.yaml", "z.yaml"));
      repo.commit("start");
      int amended = 0;
      for (int step = 0; step < 40; step++) {
        for (int n = 0; n <= random.nextInt(3); n++) {
          String path = pool.get(random.nextInt(pool.size()));
          if (present.contains(path) && random.nextBoolean()) {
            repo.delete(path);
            present.remove(path);
          } else {
            // a file and a folder of one name cannot both be there
            String other = path.equals("deploy/q.yaml") ? "deploy/q.yaml/in.yaml" : null;
            other = path.equals("deploy/q.yaml/in.yaml") ? "deploy/q.yaml" : other;
            if (other != null && present.remove(other)) {
              repo.delete(other);
            }
            if (path.equals("deploy/q.yaml")) {
              Files.deleteIfExists(repo.dir().resolve("deploy/q.yaml"));
            }
            repo.write(path, "v: " + step + "\n");
            present.add(path);
          }
        }
        repo.commit("step " + step);
        for (int i = 0; i < specs.size(); i++) {
          RepoSpec spec = specs.get(i);
          List<SourceFile> listed = kept.get(i).snapshot(spec, null, null).files();
          try (GitSource fresh = new GitSource(tmp.resolve("fresh-" + step + "-" + amended))) {
            assertThat(listed).isEqualTo(fresh.snapshot(spec, null, null).files());
          }
          amended++;
        }
      }
      assertThat(whole.snapshot(specs.get(1), null, null).files()).hasSizeGreaterThan(2);
    }
  }

  private Path repoDir() {
    return tmp.resolve("listed");
  }
}
