package dev.poros.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository on disk that a test writes, commits and reverts in. */
public final class TestRepo implements AutoCloseable {
  private final Path dir;
  private final Git git;

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static TestRepo init(Path dir) {
    try {
      return new TestRepo(
          dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public TestRepo write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a fixture from {@code src/test/resources/<resource>} to {@code path}. */
  public TestRepo copy(String resource, String path) {
    return write(path, Fixtures.text(resource));
  }

  public TestRepo delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything in the working tree; returns the commit id. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor("Test", "test@example.com")
              .setCommitter("Test", "test@example.com")
              .call();
      return commit.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code git revert COMMIT}; returns the revert commit's id. */
  public String revert(String commit) {
    try {
      RevCommit reverted = git.revert().include(ObjectId.fromString(commit)).call();
      if (reverted == null) {
        throw new IllegalStateException("revert of " + commit + " did not apply cleanly");
      }
      return reverted.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
