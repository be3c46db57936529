package dev.poros.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The properties of a JSON object, in the order they were put: in one array while there are a few
 * (most manifest objects have two to five), a {@link LinkedHashMap} beyond that. A {@code
 * LinkedHashMap} per object made up two thirds of a parsed manifest's memory.
 */
final class PropertyMap extends AbstractMap<String, JsonNode> {
  private static final int MOST_IN_ARRAY = 12;
  private static final Object[] NONE = {};

  // name, value, name, value, … while large is null
  private Object[] slots = NONE;
  private int size;
  private LinkedHashMap<String, JsonNode> large;

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  private int indexOf(Object name) {
    for (int i = 0; i < size; i++) {
      Object at = slots[2 * i];
      if (at == name || at.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public JsonNode get(Object name) {
    if (large != null) {
      return large.get(name);
    }
    int i = indexOf(name);
    return i < 0 ? null : (JsonNode) slots[2 * i + 1];
  }

  @Override
  public boolean containsKey(Object name) {
    return large != null ? large.containsKey(name) : indexOf(name) >= 0;
  }

  @Override
  public JsonNode put(String name, JsonNode value) {
    Objects.requireNonNull(name);
    if (large != null) {
      return large.put(name, value);
    }
    int i = indexOf(name);
    if (i >= 0) {
      JsonNode before = (JsonNode) slots[2 * i + 1];
      slots[2 * i + 1] = value;
      return before;
    }
    if (size == MOST_IN_ARRAY) {
      large = new LinkedHashMap<>(2 * MOST_IN_ARRAY);
      for (int j = 0; j < size; j++) {
        large.put((String) slots[2 * j], (JsonNode) slots[2 * j + 1]);
      }
      slots = NONE;
      size = 0;
      return large.put(name, value);
    }
    if (2 * size == slots.length) {
      slots = Arrays.copyOf(slots, Math.max(4, 2 * slots.length));
    }
    slots[2 * size] = name;
    slots[2 * size + 1] = value;
    size++;
    return null;
  }

  @Override
  public JsonNode remove(Object name) {
    if (large != null) {
      return large.remove(name);
    }
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    JsonNode before = (JsonNode) slots[2 * i + 1];
    removeAt(i);
    return before;
  }

  private void removeAt(int i) {
    System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
    size--;
    slots[2 * size] = null;
    slots[2 * size + 1] = null;
  }

  @Override
  public void clear() {
    large = null;
    slots = NONE;
    size = 0;
  }

  @Override
  public Set<Entry<String, JsonNode>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, JsonNode>> iterator() {
        return large != null ? large.entrySet().iterator() : new Properties();
      }

      @Override
      public int size() {
        return PropertyMap.this.size();
      }
    };
  }

  /**
   * The names, in order. {@link AbstractMap} would keep the view it makes in a field: one more
   * object for each object of every manifest held (a fortieth of an agent's heap at 50,000
   * resources), for a view that costs nothing to make again.
   */
  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        Iterator<Entry<String, JsonNode>> entries = entrySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return entries.hasNext();
          }

          @Override
          public String next() {
            return entries.next().getKey();
          }

          @Override
          public void remove() {
            entries.remove();
          }
        };
      }

      @Override
      public int size() {
        return PropertyMap.this.size();
      }

      @Override
      public boolean contains(Object name) {
        return containsKey(name);
      }
    };
  }

  /** The array's properties in order; an entry writes through, as a map's entries do. */
  private final class Properties implements Iterator<Entry<String, JsonNode>> {
    private int next;
    private int last = -1;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Entry<String, JsonNode> next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      last = next++;
      return new Property(last);
    }

    @Override
    public void remove() {
      if (last < 0) {
        throw new IllegalStateException();
      }
      removeAt(last);
      next = last;
      last = -1;
    }
  }

  private final class Property extends SimpleEntry<String, JsonNode> {
    private final int index;

    Property(int index) {
      super((String) slots[2 * index], (JsonNode) slots[2 * index + 1]);
      this.index = index;
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      slots[2 * index + 1] = value;
      return super.setValue(value);
    }
  }
}
