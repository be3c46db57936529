package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Action;
import dev.poros.model.ResourceKey;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
  private static final ResourceKey CHANGED = new ResourceKey("workflow:v1:etl");
  private static final ResourceKey SAME = new ResourceKey("depot:v1:lake");
  private static final ResourceKey ALSO_SAME = new ResourceKey("secret:v1:key");

  @Test
  void stepsKnownUnchangedCountAndReadAsEntriesAfterTheAppliedOnes() {
    PlanStep configured =
        new PlanStep(CHANGED, PlanAction.UPDATE, "spec changed", null, null, "", Set.of());
    ChangeSet applied =
        new ChangeSet(
            List.of(
                new ChangeSetEntry(
                    configured, "local", new StepResult(Action.CONFIGURED, "", null, null))));

    ChangeSet all =
        applied.withUnchanged(
            List.of(PlanStep.knownUnchanged(SAME), PlanStep.knownUnchanged(ALSO_SAME)), "local");

    assertThat(all.entries())
        .extracting(e -> e.step().key(), e -> e.result().action(), ChangeSetEntry::executor)
        .containsExactly(
            Tuple.tuple(CHANGED, Action.CONFIGURED, "local"),
            Tuple.tuple(SAME, Action.UNCHANGED, "local"),
            Tuple.tuple(ALSO_SAME, Action.UNCHANGED, "local"));
    assertThat(all.tally())
        .containsExactlyInAnyOrderEntriesOf(Map.of(Action.CONFIGURED, 1L, Action.UNCHANGED, 2L));
    assertThat(all.count(Action.UNCHANGED)).isEqualTo(2);
    assertThat(all.applied()).hasSize(1);
  }
}
