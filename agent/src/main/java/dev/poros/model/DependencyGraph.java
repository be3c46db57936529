package dev.poros.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which resource needs which: orders them dependencies first and finds the cycles that make an
 * order impossible. Edges to keys outside the graph are ignored (they are someone else's error).
 */
public final class DependencyGraph {

  private final Map<ResourceKey, Set<ResourceKey>> needs;

  public DependencyGraph(Map<ResourceKey, ? extends Set<ResourceKey>> needs) {
    Map<ResourceKey, Set<ResourceKey>> copy = new TreeMap<>();
    needs.forEach(
        (key, deps) -> {
          if (deps.isEmpty()) {
            copy.put(key, Set.of()); // most resources need nothing: no set to sort
            return;
          }
          Set<ResourceKey> inside = new LinkedHashSet<>();
          deps.stream().filter(needs::containsKey).sorted().forEach(inside::add);
          copy.put(key, inside);
        });
    this.needs = copy;
  }

  /** The keys {@code key} needs, within the graph. */
  public Set<ResourceKey> needs(ResourceKey key) {
    return needs.getOrDefault(key, Set.of());
  }

  /**
   * Every key, each after the keys it needs; among keys free to go next, the smallest by {@code
   * tieBreak} goes first. Keys on a cycle (and keys that need them) come last, in {@code tieBreak}
   * order.
   */
  public List<ResourceKey> order(Comparator<ResourceKey> tieBreak) {
    Map<ResourceKey, Integer> waitingOn = new HashMap<>();
    Map<ResourceKey, List<ResourceKey>> neededBy = new HashMap<>();
    needs.forEach(
        (key, deps) -> {
          waitingOn.put(key, deps.size());
          deps.forEach(dep -> neededBy.computeIfAbsent(dep, d -> new ArrayList<>()).add(key));
        });
    PriorityQueue<ResourceKey> ready = new PriorityQueue<>(tieBreak);
    waitingOn.forEach(
        (key, count) -> {
          if (count == 0) {
            ready.add(key);
          }
        });
    List<ResourceKey> ordered = new ArrayList<>(needs.size());
    while (!ready.isEmpty()) {
      ResourceKey next = ready.poll();
      ordered.add(next);
      for (ResourceKey dependent : neededBy.getOrDefault(next, List.of())) {
        if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    if (ordered.size() < needs.size()) {
      Set<ResourceKey> placed = Set.copyOf(ordered);
      needs.keySet().stream()
          .filter(k -> !placed.contains(k))
          .sorted(tieBreak)
          .forEach(ordered::add);
    }
    return ordered;
  }

  /**
   * Each cycle as the keys on it in path order ({@code a → b → a} gives {@code [a, b]}); a resource
   * that needs itself is a cycle of one.
   */
  public List<List<ResourceKey>> cycles() {
    return new Tarjan().run();
  }

  /** Tarjan's strongly connected components; each component of more than one key is a cycle. */
  private final class Tarjan {
    private final Map<ResourceKey, Integer> index = new HashMap<>();
    private final Map<ResourceKey, Integer> low = new HashMap<>();
    private final Deque<ResourceKey> stack = new ArrayDeque<>();
    private final Set<ResourceKey> onStack = new HashSet<>();
    private final List<List<ResourceKey>> found = new ArrayList<>();
    private int counter;

    List<List<ResourceKey>> run() {
      for (ResourceKey key : needs.keySet()) {
        if (!index.containsKey(key)) {
          visit(key);
        }
      }
      return found;
    }

    private void visit(ResourceKey key) {
      index.put(key, counter);
      low.put(key, counter);
      counter++;
      stack.push(key);
      onStack.add(key);
      for (ResourceKey dep : needs(key)) {
        if (!index.containsKey(dep)) {
          visit(dep);
          low.put(key, Math.min(low.get(key), low.get(dep)));
        } else if (onStack.contains(dep)) {
          low.put(key, Math.min(low.get(key), index.get(dep)));
        }
      }
      if (low.get(key).equals(index.get(key))) {
        List<ResourceKey> component = new ArrayList<>();
        ResourceKey member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(key));
        if (component.size() > 1 || needs(key).contains(key)) {
          found.add(pathOrder(component));
        }
      }
    }

    /** The component's keys walked along its edges from its smallest key. */
    private List<ResourceKey> pathOrder(List<ResourceKey> component) {
      Set<ResourceKey> members = Set.copyOf(component);
      ResourceKey start = component.stream().min(Comparator.naturalOrder()).orElseThrow();
      List<ResourceKey> path = new ArrayList<>();
      Set<ResourceKey> seen = new HashSet<>();
      ResourceKey at = start;
      while (at != null && seen.add(at)) {
        path.add(at);
        at =
            needs(at).stream()
                .filter(members::contains)
                .filter(k -> !seen.contains(k))
                .findFirst()
                .orElse(null);
      }
      component.stream().sorted().filter(k -> !seen.contains(k)).forEach(path::add);
      return path;
    }
  }
}
