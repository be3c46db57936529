package dev.poros.cli;

import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.store.ResourceFilter;
import dev.poros.store.Stores;
import java.util.List;

/** Finds the resource a user named on the command line: by id, or by name when that is unique. */
final class Resources {
  private Resources() {}

  /** {@code type} null: any type. */
  static Resource find(DesiredState state, String named, ResourceType type) {
    DesiredState.Rejection rejected =
        state.rejected().values().stream()
            .filter(r -> matches(r.resource(), named, type))
            .findFirst()
            .orElse(null);
    if (rejected != null) {
      throw new UsageException(
          rejected.resource().key().id() + " is invalid: " + rejected.message());
    }
    List<Resource> found = state.resources().stream().filter(r -> matches(r, named, type)).toList();
    if (found.size() != 1) {
      String what = type == null ? "resource" : type.typeName();
      throw new UsageException(
          found.isEmpty()
              ? "no " + what + " '" + named + "'"
              : "'" + named + "' names " + found.size() + " resources: " + found + "; give the id");
    }
    return found.get(0);
  }

  /** The recorded workflow, service or worker {@code named} (its id or its name). */
  static RecordedResource recordedRunnable(Stores stores, String named) {
    return recorded(stores, named, List.of("workflow", "service", "worker"));
  }

  /** The key of the recorded workflow named {@code named} (id or name). */
  static String recordedWorkflow(Stores stores, String named) {
    return recorded(stores, named, List.of("workflow")).key().id();
  }

  /** The one recorded resource of one of {@code types} that {@code named} names. */
  private static RecordedResource recorded(Stores stores, String named, List<String> types) {
    List<RecordedResource> found =
        stores.resources().list(ResourceFilter.ALL).stream()
            .filter(
                r ->
                    types.contains(r.type())
                        && (r.key().id().equals(named) || r.name().equals(named)))
            .toList();
    String what = String.join(", ", types.subList(0, types.size() - 1));
    what = what.isEmpty() ? types.get(0) : what + " or " + types.get(types.size() - 1);
    if (found.size() != 1) {
      throw new UsageException(
          found.isEmpty()
              ? "no " + what + " '" + named + "'"
              : "'" + named + "' names several of them; give the id");
    }
    return found.get(0);
  }

  private static boolean matches(Resource r, String named, ResourceType type) {
    return (type == null || r.type() == type)
        && (r.key().id().equals(named) || r.name().equals(named));
  }
}
