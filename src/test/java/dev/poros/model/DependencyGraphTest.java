package dev.poros.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  static ResourceKey k(String id) {
    return new ResourceKey(id);
  }

  static DependencyGraph graph(Object... keyThenNeeds) {
    Map<ResourceKey, Set<ResourceKey>> needs = new LinkedHashMap<>();
    for (int i = 0; i < keyThenNeeds.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> deps = (List<String>) keyThenNeeds[i + 1];
      needs.put(
          k((String) keyThenNeeds[i]),
          Set.copyOf(deps.stream().map(DependencyGraphTest::k).toList()));
    }
    return new DependencyGraph(needs);
  }

  @Test
  void ordersEachKeyAfterWhatItNeedsAndBreaksTiesByTheGivenOrder() {
    DependencyGraph g =
        graph(
            "d",
            List.of("b", "c"),
            "c",
            List.of("a"),
            "b",
            List.of("a"),
            "a",
            List.of(),
            "z",
            List.of());

    assertThat(g.order(Comparator.naturalOrder()))
        .containsExactly(k("a"), k("b"), k("c"), k("d"), k("z"));
    assertThat(g.order(Comparator.<ResourceKey>naturalOrder().reversed()))
        .containsExactly(k("z"), k("a"), k("c"), k("b"), k("d"));
  }

  @Test
  void ignoresEdgesToKeysOutsideTheGraph() {
    DependencyGraph g = graph("a", List.of("elsewhere"));

    assertThat(g.needs(k("a"))).isEmpty();
    assertThat(g.order(Comparator.naturalOrder())).containsExactly(k("a"));
  }

  @Test
  void findsEachCycleInPathOrderAndPlacesItsKeysLast() {
    DependencyGraph g =
        graph(
            "a",
            List.of("b"),
            "b",
            List.of("c"),
            "c",
            List.of("a"),
            "self",
            List.of("self"),
            "free",
            List.of());

    assertThat(g.cycles())
        .containsExactlyInAnyOrder(List.of(k("a"), k("b"), k("c")), List.of(k("self")));
    assertThat(g.order(Comparator.naturalOrder())).startsWith(k("free")).hasSize(5);
  }

  @Test
  void anAcyclicGraphHasNoCycles() {
    assertThat(graph("a", List.of("b"), "b", List.of()).cycles()).isEmpty();
  }
}
