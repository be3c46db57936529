package dev.poros.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Health;
import dev.poros.testing.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Our health rules agree, case by case, with the 46 fixtures of Argo CD's gitops-engine ({@code
 * src/test/resources/health/}, with their {@code SOURCES.md} and {@code expected.tsv}).
 */
class HealthChecksTest {
  /** The fixtures as Argo's loader reads them: one has a duplicated key, the last one wins. */
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  static Stream<Arguments> argoFixtures() {
    List<String> rows = Fixtures.text("health/expected.tsv").lines().skip(1).toList();
    assertThat(rows).hasSize(46);
    return rows.stream()
        .map(line -> line.split("\t"))
        .map(cols -> Arguments.of(cols[0], cols[1], cols[2]));
  }

  @ParameterizedTest(name = "{0} ({1}) is {2}")
  @MethodSource("argoFixtures")
  void agreesWithArgoCd(String file, String kind, String expected) {
    JsonNode object = YAML.readTree(Fixtures.text("health/" + file));

    assertThat(object.path("kind").asString()).isEqualTo(kind);
    assertThat(HealthChecks.of(object).health().label()).isEqualTo(expected);
  }

  @Test
  void aResourceIsAsHealthyAsItsLeastHealthyObject() {
    assertThat(HealthChecks.worst(List.of(Health.HEALTHY, Health.PROGRESSING, Health.SUSPENDED)))
        .isEqualTo(Health.PROGRESSING);
    assertThat(HealthChecks.worst(List.of(Health.PROGRESSING, Health.DEGRADED)))
        .isEqualTo(Health.DEGRADED);
    assertThat(HealthChecks.worst(List.of())).isEqualTo(Health.HEALTHY);
  }

  @Test
  void aCustomResourceIsJudgedByItsReadyCondition() {
    assertThat(
            HealthChecks.of(
                    YAML.readTree(
                        "apiVersion: x.dev/v1\nkind: Thing\nstatus: {conditions: [{type: Ready, status: 'False', message: wait}]}"))
                .health())
        .isEqualTo(Health.PROGRESSING);
    assertThat(
            HealthChecks.of(
                    YAML.readTree(
                        "apiVersion: x.dev/v1\nkind: Thing\nstatus: {conditions: [{type: Ready, status: 'False'}, {type: Stalled, status: 'True'}]}"))
                .health())
        .isEqualTo(Health.DEGRADED);
    assertThat(
            HealthChecks.of(
                    YAML.readTree("apiVersion: serving.knative.dev/v1\nkind: Service\nspec: {}"))
                .health())
        .as("a Service of another group is not a core Service")
        .isEqualTo(Health.HEALTHY);
  }
}
