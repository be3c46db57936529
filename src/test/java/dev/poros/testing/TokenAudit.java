package dev.poros.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A secret that must not leak: it is in no line of an agent's output, no file of its data directory
 * (the Poros DB and its WAL read as bytes), and no answer of the given pages.
 */
public final class TokenAudit {
  private TokenAudit() {}

  public static void assertNowhere(
      String token, AgentProcess agent, Path dataDir, List<String> pages) {
    assertThat(agent.output()).doesNotContain(token);
    byte[] needle = token.getBytes(StandardCharsets.UTF_8);
    try (var files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), needle))
            .as("the token in " + file)
            .isEqualTo(-1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String page : pages) {
      assertThat(agent.get(page).body()).as(page).doesNotContain(token);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
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
