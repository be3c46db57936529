package dev.poros.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's Git repository and the Poros data directory that syncs it, both in a folder of their
 * own, made before each test and removed after it. Register with {@code @RegisterExtension final
 * RepoFixture fixture = new RepoFixture();}.
 */
public final class RepoFixture implements BeforeEachCallback, AfterEachCallback {
  private Path folder;
  private TestRepo repo;
  private Poros poros;

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      folder = Files.createTempDirectory("poros-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    repo = TestRepo.init(folder.resolve("repo"));
    poros = new Poros(folder.resolve("data"));
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    repo.close();
    try (var paths = Files.walk(folder)) {
      // what a process of the test still writes may stay: the folder is a temporary one
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public TestRepo repo() {
    return repo;
  }

  public Poros poros() {
    return poros;
  }

  /** The folder the repository and the data directory are in. */
  public Path folder() {
    return folder;
  }
}
