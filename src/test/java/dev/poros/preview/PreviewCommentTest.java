package dev.poros.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Problem;
import dev.poros.model.ResourceKey;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreviewCommentTest {
  static PlanStep step(int i, PlanAction action, String diff) {
    return new PlanStep(
        new ResourceKey("/ConfigMap::settings-" + i), action, "", null, null, diff, Set.of());
  }

  static String diff(int i) {
    return "--- a\n+++ b\n@@ -1,3 +1,3 @@\n data:\n-  value: old-"
        + i
        + "\n+  value: "
        + "n".repeat(200)
        + "\n";
  }

  @Test
  void aSmallPreviewHasTheVerdictTheSummaryEveryProblemAndEveryDiffFolded() {
    Plan plan =
        new Plan(
            List.of(
                step(1, PlanAction.CREATE, diff(1)),
                step(2, PlanAction.UNCHANGED, ""),
                step(3, PlanAction.DELETE, "--- a\n+++ /dev/null\n")),
            List.of(),
            List.of());
    List<Problem> problems =
        List.of(new Problem("svc/web.yaml", 7, "service.replicas", "must be an integer"));

    String comment =
        PreviewComment.render(
            "platform",
            "0123456789abcdef",
            plan,
            problems,
            List.of(new Problem("api.yaml", 1, "", "policy resources-have-owner: no owner (warn)")),
            "https://poros.example.com/p/3",
            65_536);

    assertThat(comment)
        .startsWith(
            "<!-- poros-preview platform -->\n❌ **Poros preview of `platform` at `0123456`**")
        .contains("| 1 | 0 | 1 | 1 | 0 |")
        .contains("- `svc/web.yaml:7: service.replicas: must be an integer`")
        .contains(
            "**Warnings** (applied anyway)\n\n- `api.yaml:1: policy resources-have-owner: no owner"
                + " (warn)`\n")
        .contains("<details><summary>create <code>/ConfigMap::settings-1</code></summary>")
        .contains("```diff\n--- a\n+++ b")
        .contains("<details><summary>delete <code>/ConfigMap::settings-3</code></summary>")
        .doesNotContain("settings-2")
        .endsWith("[Full preview](https://poros.example.com/p/3)\n");
  }

  @Test
  void aThreeThousandResourceChangeStaysUnderGitHubsLimitWithTheWholeSummaryEveryProblemAndALink() {
    List<PlanStep> steps = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      steps.add(step(i, i % 3 == 0 ? PlanAction.UPDATE : PlanAction.CREATE, diff(i)));
    }
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      problems.add(new Problem("bad/" + i + ".yaml", i + 1, "compute.purpose", "unknown purpose"));
    }

    String comment =
        PreviewComment.render(
            "platform",
            "0123456789abcdef",
            new Plan(steps, List.of(), List.of()),
            problems,
            List.of(),
            "https://poros.example.com/previews/platform/12",
            PreviewComment.GITHUB_LIMIT);

    assertThat(comment.length()).isLessThanOrEqualTo(PreviewComment.GITHUB_LIMIT);
    assertThat(comment).contains("| 2000 | 1000 | 0 | 0 | 0 |");
    for (Problem problem : problems) {
      assertThat(comment).contains("- `" + problem + "`");
    }
    assertThat(comment)
        .containsPattern(
            "\\n\\d+ more changed resource\\(s\\) left out to stay within the forge's limit: the"
                + " full preview is at https://poros.example.com/previews/platform/12\\n$")
        .contains("<details>");
  }
}
