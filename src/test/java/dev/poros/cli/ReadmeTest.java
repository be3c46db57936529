package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start is two commands, and CI runs the second of them, nothing else. */
class ReadmeTest {
  static final Path ROOT = Fixtures.PROJECT;

  static List<String> quickStartCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher section =
        Pattern.compile("## Quick start\\n(.*?)\\n## ", Pattern.DOTALL).matcher(readme);
    assertThat(section.find()).as("README has a Quick start section").isTrue();
    Matcher block =
        Pattern.compile("```(?:sh|bash)\\n(.*?)```", Pattern.DOTALL).matcher(section.group(1));
    assertThat(block.find()).as("Quick start has a shell block").isTrue();
    return block.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  @Test
  void theQuickStartIsTwoCommandsAndCiRunsTheTestCommand() throws IOException {
    List<String> commands = quickStartCommands();

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0))
        .contains("sync --repo . --path repo-layout-example")
        .contains(" get");
    List<String> ciCommands =
        Files.readAllLines(ROOT.resolve(".ci/run")).stream()
            .filter(
                l ->
                    !l.isBlank()
                        && !l.startsWith("#")
                        && !l.startsWith("set ")
                        && !l.startsWith("cd "))
            .toList();
    assertThat(ciCommands).containsExactly(commands.get(1));
  }
}
