package dev.poros.load;

import static dev.poros.load.YamlDocumentsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.model.Json;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;

/** Anchors, aliases and merge keys read as YAML says, and alias bombs refused in bounded time. */
class YamlAliasesTest {

  /** What snakeyaml-engine, a YAML 1.2 reader, makes of {@code yaml}, as a JSON tree. */
  private static JsonNode asYaml12ReaderReadsIt(String yaml) {
    Object value = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    return Json.JSON.valueToTree(value);
  }

  @Test
  void aliasesOfScalarsMappingsAndSequencesReadAsAYaml12ReaderReadsThem() {
    String yaml =
        """
        name: &name greeter
        version: v1
        type: workflow
        defaults: &defaults
          retries: 2
          env: &env {LANG: C, TZ: UTC}
          tags: &tags [a, b]
        workflow:
          title: *name
          dag:
            - name: hello
              spec: {script: &greet "echo hello", env: *env, tags: *tags, retry: *defaults}
            - name: again
              spec: {script: *greet}
        """;

    YamlDocument doc = parse(yaml).get(0);

    assertThat(doc.tree()).isEqualTo(asYaml12ReaderReadsIt(yaml));
    assertThat(doc.tree().at("/workflow/dag/1/spec/script").asString()).isEqualTo("echo hello");
    assertThat(doc.tree().at("/workflow/dag/0/spec/retry/env/TZ").asString()).isEqualTo("UTC");
  }

  @Test
  void anAnchorDefinedAgainNamesItsNewestNode() {
    String yaml = "a: &x 1\nb: *x\nc: &x 2\nd: *x\n";

    assertThat(parse(yaml).get(0).tree()).isEqualTo(asYaml12ReaderReadsIt(yaml));
  }

  @Test
  void mergeKeysAddTheMergedKeysThatTheMappingDoesNotHaveAndTheirLines() {
    YamlDocument doc =
        parse(
                """
                base: &base
                  cpu: 1
                  memory: 1Gi
                extra: &extra
                  memory: 2Gi
                  disk: 10Gi
                one:
                  <<: *base
                  cpu: 4
                both:
                  cpu: 8
                  <<: [*extra, *base]
                """)
            .get(0);

    assertThat(doc.tree().get("one")).isEqualTo(Json.parse("{\"cpu\":4,\"memory\":\"1Gi\"}"));
    assertThat(doc.tree().get("both"))
        .isEqualTo(Json.parse("{\"cpu\":8,\"memory\":\"2Gi\",\"disk\":\"10Gi\"}"));
    assertThat(doc.fieldLines())
        .containsEntry("/one/cpu", 9)
        .containsEntry("/one/memory", 3)
        .containsEntry("/both/disk", 6)
        .doesNotContainKeys("/one/<<", "/both/<<");
  }

  @Test
  void aMergeKeyThatMergesNoMappingIsAnErrorOnItsLine() {
    assertThatThrownBy(() -> parse("a: 1\nb:\n  <<: [1, 2]\n"))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("must be a mapping or a list of mappings");
            });
  }

  @Test
  void anAliasBombIsAClearErrorNotAnExpansion() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", Collections.nCopies(10, "*" + prev)));
      bomb.append("]\n");
    }

    assertThatThrownBy(() -> parse(bomb.toString()))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class, e -> assertThat(e.getMessage()).contains("an alias bomb"));
  }

  @Test
  void aRecursiveAliasAndAnAliasToNoAnchorAreErrors() {
    assertThatThrownBy(() -> parse("a: &a\n  - *a\n"))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class,
            e -> assertThat(e.getMessage()).contains("alias *a is inside the node it names"));
    assertThatThrownBy(() -> parse("a: 1\nb: *nothing\n"))
        .isInstanceOfSatisfying(
            YamlSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage()).contains("alias *nothing names no anchor");
            });
  }

  @Test
  void documentsWithoutAnchorsReadAsJacksonsPlainYamlReaderReadsThem() {
    // the same scalars as before: a changed type would change every resource's hash
    String yaml =
        "a: '<<'\nb: [1, 2.5, true, null, 0x1f, 012, 1e3, yes, ~, '']\nc: {d: 2020-01-01}\n";

    assertThat(parse(yaml).get(0).tree()).isEqualTo(Json.YAML.readTree(yaml));
  }
}
