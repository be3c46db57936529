package dev.poros.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The line of each field of a manifest, by JSON pointer: immutable, in two sorted arrays. Every
 * loaded resource keeps its map as long as it is loaded; as {@code Map.copyOf} with boxed lines
 * these maps were an eighth of 50,000 loaded resources' memory.
 */
final class FieldLines extends AbstractMap<String, Integer> {
  private static final FieldLines NONE = new FieldLines(new String[0], new int[0]);

  private final String[] pointers;
  private final int[] lines;

  private FieldLines(String[] pointers, int[] lines) {
    this.pointers = pointers;
    this.lines = lines;
  }

  static Map<String, Integer> copyOf(Map<String, Integer> fieldLines) {
    if (fieldLines instanceof FieldLines already) {
      return already;
    }
    if (fieldLines.isEmpty()) {
      return NONE;
    }
    String[] pointers = fieldLines.keySet().toArray(new String[0]);
    Arrays.sort(pointers);
    int[] lines = new int[pointers.length];
    for (int i = 0; i < pointers.length; i++) {
      lines[i] = fieldLines.get(pointers[i]);
    }
    return new FieldLines(pointers, lines);
  }

  @Override
  public Integer get(Object pointer) {
    int at = pointer instanceof String text ? Arrays.binarySearch(pointers, text) : -1;
    return at < 0 ? null : lines[at];
  }

  @Override
  public boolean containsKey(Object pointer) {
    return get(pointer) != null;
  }

  @Override
  public int size() {
    return pointers.length;
  }

  @Override
  public Set<Entry<String, Integer>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Integer>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < pointers.length;
          }

          @Override
          public Entry<String, Integer> next() {
            if (next >= pointers.length) {
              throw new NoSuchElementException();
            }
            int at = next++;
            return new SimpleImmutableEntry<>(pointers[at], lines[at]);
          }
        };
      }

      @Override
      public int size() {
        return pointers.length;
      }
    };
  }
}
