package dev.poros.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmendedMapTest {
  @Test
  void amendedAgainAndAgainItHoldsWhatAMapChangedTheSameWayHolds() {
    Random random = new Random(17);
    Map<Integer, String> expected = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      expected.put(i, "v" + i);
    }
    Map<Integer, String> amended = Map.copyOf(expected);
    List<Map<Integer, String>> earlier = new ArrayList<>();
    List<Map<Integer, String>> earlierExpected = new ArrayList<>();
    for (int round = 0; round < 400; round++) {
      Map<Integer, String> put = new HashMap<>();
      List<Integer> removed = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int key = random.nextInt(4_000); // some new, some there, some removed before
        if (random.nextBoolean()) {
          put.put(key, "r" + round + "-" + i);
        } else {
          removed.add(key);
        }
      }
      amended = AmendedMap.of(amended, put, removed);
      removed.forEach(expected::remove);
      expected.putAll(put);

      assertThat(amended).hasSize(expected.size()).isEqualTo(expected);
      for (int key = 0; key < 4_000; key += 7) {
        assertThat(amended.get(key)).isEqualTo(expected.get(key));
        assertThat(amended.containsKey(key)).isEqualTo(expected.containsKey(key));
      }
      if (round % 50 == 0) {
        earlier.add(amended);
        earlierExpected.add(Map.copyOf(expected));
      }
    }
    assertThat(earlier)
        .as("an amendment leaves the map it amends as it was")
        .isEqualTo(earlierExpected);
  }

  @Test
  void itCannotBeChangedInPlace() {
    Map<String, String> amended = AmendedMap.of(Map.of("a", "1"), Map.of("b", "2"), List.of("a"));

    assertThat(amended).containsExactly(Map.entry("b", "2"));
    assertThatThrownBy(() -> amended.put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> amended.keySet().remove("b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(AmendedMap.copyOf(amended)).isSameAs(amended);
  }
}
