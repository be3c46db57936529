package dev.poros.cli;

import dev.poros.model.DesiredState;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
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

  /** The key of the recorded workflow named {@code named} (id or name). */
  static String recordedWorkflow(dev.poros.store.Stores stores, String named) {
    List<dev.poros.model.RecordedResource> found =
        stores.resources().list(dev.poros.store.ResourceFilter.ALL).stream()
            .filter(
                r ->
                    r.type().equals("workflow")
                        && (r.key().id().equals(named) || r.name().equals(named)))
            .toList();
    if (found.size() != 1) {
      throw new UsageException(
          found.isEmpty()
              ? "no workflow '" + named + "'"
              : "'" + named + "' names several workflows; give the id");
    }
    return found.get(0).key().id();
  }

  private static boolean matches(Resource r, String named, ResourceType type) {
    return (type == null || r.type() == type)
        && (r.key().id().equals(named) || r.name().equals(named));
  }
}
