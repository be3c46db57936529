package dev.poros.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.ResourceType;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyOrderTest {
  @Test
  void namespacesAndCrdsFirstThenWhatOthersUseThenRunnablesThenOtherKubernetesKinds() {
    List<String> labels =
        List.of(
            "apps/Deployment",
            "service",
            "/Secret",
            "workflow",
            "depot",
            "secret",
            "/Namespace",
            "apiextensions.k8s.io/CustomResourceDefinition",
            "example.com/Widget",
            "compute",
            "instance-secret",
            "policy",
            "worker");

    List<String> ordered =
        labels.stream().sorted(Comparator.comparingInt(ApplyOrder::rank)).toList();

    assertThat(ordered)
        .containsExactly(
            "/Namespace",
            "apiextensions.k8s.io/CustomResourceDefinition",
            "secret",
            "instance-secret",
            "depot",
            "compute",
            "policy",
            "workflow",
            "worker",
            "service",
            "/Secret",
            "apps/Deployment",
            "example.com/Widget");
  }

  @Test
  void theTwoWaysOfNamingAKindAgree() {
    assertThat(ApplyOrder.rank("depot")).isEqualTo(ApplyOrder.rank(ResourceType.DEPOT, null));
    assertThat(ApplyOrder.rank("apps/Deployment"))
        .isEqualTo(ApplyOrder.rank(ResourceType.KUBERNETES, "Deployment"));
  }
}
