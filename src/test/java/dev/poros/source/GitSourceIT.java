package dev.poros.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
          new RepoSpec(
              "file://" + repo.dir(), null, "", RepoSpec.DEFAULT_INCLUDE, java.util.List.of());

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
              java.util.List.of("skip/**"));

      Snapshot snapshot = source.snapshot(spec, null, one);

      assertThat(snapshot.files())
          .extracting(SourceFile::path)
          .containsExactly("deploy/a.yaml", "deploy/sub/b.yml");
      assertThat(snapshot.changedSinceLast())
          .containsExactlyInAnyOrder("deploy/a.yaml", "other/e.yaml");
      assertThat(source.snapshot(spec, null, null).changedSinceLast()).isNull();
    }
  }
}
