package dev.poros.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void fieldNamesAreDottedPathsWithIndexes() {
    assertThat(Problem.fieldName("")).isEmpty();
    assertThat(Problem.fieldName("/workflow/dag/0/spec/compute"))
        .isEqualTo("workflow.dag[0].spec.compute");
    assertThat(Problem.fieldName("/secret/data/a~1b")).isEqualTo("secret.data.a/b");
  }

  @Test
  void printsAsFileLineFieldMessage() {
    assertThat(new Problem("a.yaml", 3, "name", "bad")).hasToString("a.yaml:3: name: bad");
    assertThat(new Problem("a.yaml", 1, "", "invalid YAML")).hasToString("a.yaml:1: invalid YAML");
  }

  @Test
  void aFieldWithoutItsOwnLineTakesItsNearestParentsLine() {
    Origin origin = new Origin("w.yaml", 1, Map.of("/workflow", 4, "/workflow/dag/0", 6));

    assertThat(origin.lineOf("/workflow/dag/0/spec/compute")).isEqualTo(6);
    assertThat(origin.lineOf("/workflow/title")).isEqualTo(4);
    assertThat(origin.lineOf("/nothing")).isEqualTo(1);
  }
}
