package dev.poros.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The conditions of Argo Workflows' resource templates, which DataOS stacks use. */
class ResourceConditionTest {
  static JsonNode object(String yaml) {
    return Json.YAML.readTree(yaml);
  }

  static final JsonNode FINISHED =
      object(
          """
          status:
            jobStatus: {state: FINISHED}
            lifecycleState: STABLE
            succeeded: 2
            conditions: [{type: Ready, status: "True"}]
          """);

  @Test
  void aSuccessConditionNeedsEveryRequirement() {
    ResourceCondition flare =
        ResourceCondition.parse(
            "status.jobStatus.state == FINISHED,status.lifecycleState == STABLE");
    assertThat(flare.requirements()).hasSize(2);
    assertThat(flare.allHold(FINISHED)).isTrue();
    assertThat(flare.allHold(object("status: {jobStatus: {state: FINISHED}}"))).isFalse();
    assertThat(flare.allHold(object("status: {}"))).isFalse();
  }

  @Test
  void aFailureConditionNeedsAnyRequirementAndSaysWhich() {
    ResourceCondition failure =
        ResourceCondition.parse("status.phase in (Failed, Error), status.failed > 3");
    assertThat(failure.anyHolding(object("status: {phase: Error}")))
        .hasValueSatisfying(r -> assertThat(r).hasToString("status.phase in (Error,Failed)"));
    assertThat(failure.anyHolding(object("status: {failed: 4}")))
        .hasValueSatisfying(r -> assertThat(r).hasToString("status.failed > 3"));
    assertThat(failure.anyHolding(object("status: {phase: Running, failed: 3}"))).isEmpty();
  }

  @Test
  void operatorsAsKubernetesLabelSelectorsHaveThem() {
    assertThat(ResourceCondition.parse("status.succeeded > 1").allHold(FINISHED)).isTrue();
    assertThat(ResourceCondition.parse("status.succeeded < 2").allHold(FINISHED)).isFalse();
    assertThat(ResourceCondition.parse("status.lifecycleState > 1").allHold(FINISHED)).isFalse();
    assertThat(ResourceCondition.parse("status.lifecycleState = STABLE").allHold(FINISHED))
        .isTrue();
    assertThat(ResourceCondition.parse("status.lifecycleState != STABLE").allHold(FINISHED))
        .isFalse();
    assertThat(ResourceCondition.parse("status.missing != STABLE").allHold(FINISHED)).isTrue();
    assertThat(ResourceCondition.parse("status.missing notin (A,B)").allHold(FINISHED)).isTrue();
    assertThat(ResourceCondition.parse("status.jobStatus").allHold(FINISHED)).isTrue();
    assertThat(ResourceCondition.parse("!status.jobStatus").allHold(FINISHED)).isFalse();
    assertThat(ResourceCondition.parse("!status.error").allHold(FINISHED)).isTrue();
    assertThat(ResourceCondition.parse("status.conditions.0.status == True").allHold(FINISHED))
        .isTrue();
  }

  @Test
  void noConditionIsMetAtOnceAndNeverFails() {
    assertThat(ResourceCondition.parse("  ")).isSameAs(ResourceCondition.NONE);
    assertThat(ResourceCondition.NONE.allHold(object("{}"))).isTrue();
    assertThat(ResourceCondition.NONE.anyHolding(FINISHED)).isEmpty();
  }

  @Test
  void malformedConditionsSayWhatIsWrong() {
    assertThatThrownBy(() -> ResourceCondition.parse("status.phase ~ Failed"))
        .hasMessage("'status.phase ~ Failed' is not a requirement");
    assertThatThrownBy(() -> ResourceCondition.parse("status.succeeded > many"))
        .hasMessage("'status.succeeded > many': > compares with an integer");
    assertThatThrownBy(() -> ResourceCondition.parse("!status.phase == Failed"))
        .hasMessage("'!status.phase == Failed': '!' takes a path only");
    assertThatThrownBy(() -> ResourceCondition.parse("status.phase in ()"))
        .hasMessage("'status.phase in ()': in needs values");
  }
}
