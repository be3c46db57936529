package dev.poros.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An unmodifiable map that is another one amended — some entries put, some removed — without
 * copying it: a commit that adds one file to 50,000 resources amends their lookups in the time of
 * the file, not of the 50,000. Amending an amended map amends its base again (one layer over it,
 * never a chain), and once the amendments outgrow {@link #FOLD_AT} they are folded into a copy: a
 * lookup stays at most two probes, and a copy's cost is spread over that many amendments.
 *
 * <p>Values are never null.
 */
public final class AmendedMap<K, V> extends AbstractMap<K, V> {
  /** Amendments kept over one base before they are folded into a copy of it. */
  static final int FOLD_AT = 1024;

  private final Map<K, V> base;
  private final Map<K, V> amendments; // a key mapped to null: removed from the base
  private final int size;
  private Set<Entry<K, V>> entries;

  private AmendedMap(Map<K, V> base, Map<K, V> amendments, int size) {
    this.base = base;
    this.amendments = amendments;
    this.size = size;
  }

  /**
   * {@code map} with {@code put} put and {@code removed} removed (a key in both is put). {@code
   * map} must not change afterwards; it is not copied.
   */
  public static <K, V> Map<K, V> of(Map<K, V> map, Map<K, V> put, Collection<K> removed) {
    if (put.isEmpty() && removed.isEmpty()) {
      return map;
    }
    Map<K, V> base = map instanceof AmendedMap<K, V> amended ? amended.base : map;
    Map<K, V> amendments =
        map instanceof AmendedMap<K, V> amended
            ? new HashMap<>(amended.amendments)
            : new HashMap<>();
    int size = map.size();
    for (K key : removed) {
      if (!put.containsKey(key) && map.containsKey(key)) {
        size--;
        if (base.containsKey(key)) {
          amendments.put(key, null);
        } else {
          amendments.remove(key); // put by an earlier amendment only
        }
      }
    }
    for (Map.Entry<K, V> entry : put.entrySet()) {
      if (!map.containsKey(entry.getKey())) {
        size++;
      }
      amendments.put(entry.getKey(), Objects.requireNonNull(entry.getValue()));
    }
    if (amendments.size() > FOLD_AT) {
      Map<K, V> folded = new HashMap<>(base);
      amendments.forEach(
          (key, value) -> {
            if (value == null) {
              folded.remove(key);
            } else {
              folded.put(key, value);
            }
          });
      return Map.copyOf(folded);
    }
    return new AmendedMap<>(base, amendments, size);
  }

  /** {@code map} unmodifiable: as it is when it is an amended map (which is), else a copy. */
  public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
    return map instanceof AmendedMap<K, V> ? map : Map.copyOf(map);
  }

  @Override
  public V get(Object key) {
    V amended = amendments.get(key);
    if (amended != null) {
      return amended;
    }
    return amendments.containsKey(key) ? null : base.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    if (entries == null) {
      entries =
          new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
              return Stream.concat(
                      amendments.entrySet().stream().filter(e -> e.getValue() != null),
                      base.entrySet().stream().filter(e -> !amendments.containsKey(e.getKey())))
                  .map(e -> Map.entry(e.getKey(), e.getValue()))
                  .iterator();
            }

            @Override
            public int size() {
              return size;
            }
          };
    }
    return entries;
  }
}
