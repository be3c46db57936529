package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.GitHttpServer;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private remote over http(s): fetched with a user name and password (or token) given in a file
 * or written into the URL, and the password appears nowhere — not in output, the Poros DB, the
 * mirrors or the repository's recorded URL.
 */
class PrivateRemoteIT {
  static final String PASSWORD = "git-pass-9d1f";

  @TempDir Path tmp;

  @Test
  void aPrivateRemoteIsFetchedWithCredentialsThatAppearNowhere() throws IOException {
    try (TestRepo repo = TestRepo.init(tmp.resolve("served/deploy"));
        GitHttpServer git = GitHttpServer.serving(tmp.resolve("served"), "poros", PASSWORD)) {
      repo.write("c.yaml", "name: c\nversion: v1\ntype: compute\ncompute: {purpose: x}\n")
          .commit("one");
      Poros poros = new Poros(tmp.resolve("data"));
      String url = git.url("deploy");

      Cli.Result anonymous = poros.run("sync", "--repo", url);
      assertThat(anonymous.exitCode()).isEqualTo(2);
      assertThat(anonymous.err())
          .contains(
              "poros: cannot reach "
                  + url
                  + ": the remote asks for credentials and none were given");

      Path wrongFile = Files.writeString(tmp.resolve("wrong"), "not-the-password\n");
      Cli.Result wrong = syncWithPasswordFile(poros, url, wrongFile);
      assertThat(wrong.exitCode()).isEqualTo(2);
      assertThat(wrong.err()).contains("poros: cannot reach " + url + ": ", "not authorized");

      String withUserinfo = url.replace("http://", "http://poros:" + PASSWORD + "@");
      Cli.Result inTheUrl = poros.run("sync", "--repo", withUserinfo);
      assertThat(inTheUrl.exitCode()).as(inTheUrl.all()).isZero();
      assertThat(inTheUrl.out()).contains("1 created");

      Path passwordFile = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
      Cli.Result fromAFile = syncWithPasswordFile(poros, url, passwordFile);
      assertThat(fromAFile.exitCode()).as(fromAFile.all()).isZero();
      assertThat(fromAFile.out()).as("the same repository either way").contains("1 unchanged");

      String shown =
          inTheUrl.all()
              + fromAFile.all()
              + poros.run("history", "-o", "json").all()
              + poros.run("get", "-o", "json").all();
      assertThat(shown).contains(url).doesNotContain(PASSWORD);
      assertThat(filesHolding(tmp.resolve("data"), PASSWORD)).isEmpty();
    }
  }

  static Cli.Result syncWithPasswordFile(Poros poros, String url, Path passwordFile) {
    return poros.run(
        "sync",
        "--repo",
        url,
        "--git-username",
        "poros",
        "--git-password-file",
        passwordFile.toString());
  }

  /** The files under {@code dir} whose bytes contain {@code text}. */
  static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                try {
                  return indexOf(Files.readAllBytes(f), needle) >= 0;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
