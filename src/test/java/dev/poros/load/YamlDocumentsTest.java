package dev.poros.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlDocumentsTest {
  static List<YamlDocument> parse(String yaml) {
    return YamlDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void manifestsShareTheirKeysAndShortValuesAcrossFilesButNotLongValues() {
    String script = "echo " + "x".repeat(40);
    List<YamlDocument> first = parse("name: a\ntype: workflow\nscript: " + script + "\n");
    List<YamlDocument> second = parse("name: b\ntype: workflow\nscript: " + script + "\n");
    String firstKey = first.get(0).tree().propertyNames().iterator().next();
    String secondKey = second.get(0).tree().propertyNames().iterator().next();

    // ten thousand manifests hold one "name" and one "workflow", not ten thousand of each
    assertThat(secondKey).isEqualTo("name").isSameAs(firstKey);
    assertThat(second.get(0).tree().get("type").asString())
        .isSameAs(first.get(0).tree().get("type").asString());
    assertThat(second.get(0).tree().get("script").asString())
        .isEqualTo(script)
        .isNotSameAs(first.get(0).tree().get("script").asString());
  }

  @Test
  void splitsDocumentsSkipsEmptyOnesAndRecordsTheLineOfEveryField() {
    List<YamlDocument> docs =
        parse(
            """
        # leading comment
        ---
        ---
        name: a
        list:
          - x
          - {y: 2}
        ---
        # only a comment
        ---
        name: b
        """);

    assertThat(docs).hasSize(2);
    assertThat(docs.get(0).line()).isEqualTo(4);
    assertThat(docs.get(0).fieldLines())
        .containsEntry("/name", 4)
        .containsEntry("/list", 5)
        .containsEntry("/list/0", 6)
        .containsEntry("/list/1", 7)
        .containsEntry("/list/1/y", 7);
    assertThat(docs.get(1).line()).isEqualTo(11);
    assertThat(docs.get(1).tree().get("name").asString()).isEqualTo("b");
  }

  @Test
  void aDuplicateKeyIsASyntaxErrorOnItsLine() {
    assertThatThrownBy(() -> parse("name: a\nversion: v1\nname: b\n"))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("Duplicate").contains("name");
            });
  }

  @Test
  void aSyntaxErrorSaysWhatWasExpectedWithoutQuotingTheFile() {
    assertThatThrownBy(() -> parse("a: [1\nb: 2\n"))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage())
                  .isEqualTo("while parsing a flow sequence; expected ',' or ']', but got :");
            });
  }
}
