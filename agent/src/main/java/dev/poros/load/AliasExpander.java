package dev.poros.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;

/**
 * Replaces each YAML alias in an event stream with the events of the node its anchor names, as a
 * YAML reader must (Jackson's parser reports an alias as the anchor's name, a plain string). The
 * expansion is bounded, so an alias bomb is an error, not a hang; an alias inside the node it names
 * (a recursive structure JSON cannot hold) and an alias to no anchor are errors too.
 */
final class AliasExpander {
  /** At most this many events come from aliases in one file: a bomb stops here. */
  static final int MAX_EXPANDED_EVENTS = 100_000;

  private final Supplier<Event> source;
  private final Deque<Event> spliced = new ArrayDeque<>();
  private final Map<String, List<Event>> anchored = new HashMap<>();
  private final List<Recording> open = new ArrayList<>();
  private int expanded;

  AliasExpander(Supplier<Event> source) {
    this.source = source;
  }

  /** The events of an anchored node, collected until the node ends. */
  private static final class Recording {
    final String anchor;
    final List<Event> events = new ArrayList<>();
    int depth;

    Recording(String anchor) {
      this.anchor = anchor;
    }
  }

  /** The next event with aliases expanded, or null at the end of the stream. */
  Event next() {
    while (true) {
      boolean fromAlias = !spliced.isEmpty();
      Event event = fromAlias ? spliced.poll() : source.get();
      if (event == null) {
        return null;
      }
      if (event instanceof AliasEvent alias) {
        splice(alias);
        continue;
      }
      if (event.getEventId() == Event.ID.DocumentStart) {
        anchored.clear(); // anchors are per document
      }
      record(event, fromAlias);
      return event;
    }
  }

  private void splice(AliasEvent alias) {
    String name = alias.getAlias().getValue();
    if (open.stream().anyMatch(r -> r.anchor.equals(name))) {
      throw error(alias, "alias *" + name + " is inside the node it names (a recursive structure)");
    }
    List<Event> events = anchored.get(name);
    if (events == null) {
      throw error(alias, "alias *" + name + " names no anchor &" + name + " before it");
    }
    expanded += events.size();
    if (expanded > MAX_EXPANDED_EVENTS) {
      throw error(
          alias,
          "aliases expand to more than " + MAX_EXPANDED_EVENTS + " YAML nodes (an alias bomb?)");
    }
    for (int i = events.size() - 1; i >= 0; i--) {
      spliced.addFirst(events.get(i));
    }
  }

  private void record(Event event, boolean fromAlias) {
    int delta = depthChange(event);
    for (Recording recording : open) {
      recording.events.add(event);
      recording.depth += delta;
    }
    // an anchor inside expanded content was recorded when it was first read
    if (!fromAlias && event instanceof NodeEvent node && node.getAnchor().isPresent()) {
      Recording recording = new Recording(node.getAnchor().get().getValue());
      recording.events.add(event);
      recording.depth = delta;
      open.add(recording);
    }
    open.removeIf(
        recording -> {
          if (recording.depth > 0) {
            return false;
          }
          anchored.put(recording.anchor, List.copyOf(recording.events));
          return true;
        });
  }

  private static int depthChange(Event event) {
    return switch (event.getEventId()) {
      case MappingStart, SequenceStart -> 1;
      case MappingEnd, SequenceEnd -> -1;
      default -> 0;
    };
  }

  private static ComposerException error(AliasEvent alias, String problem) {
    return new ComposerException(problem, alias.getStartMark().or(Optional::empty));
  }
}
