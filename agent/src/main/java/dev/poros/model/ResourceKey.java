package dev.poros.model;

/**
 * The identity of a resource: {@code TYPE:VERSION:NAME:WORKSPACE} for workspace-level types (as
 * {@code dataos-ctl --id} writes it), {@code TYPE:VERSION:NAME} for instance-level ones, and {@code
 * GROUP/KIND:NAMESPACE:NAME} for Kubernetes objects (core group written as empty).
 */
public record ResourceKey(String id) implements Comparable<ResourceKey> {

  public ResourceKey {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("resource id must not be blank");
    }
  }

  public static ResourceKey of(ResourceType type, String version, String name, String workspace) {
    return switch (type.scope()) {
      case WORKSPACE ->
          new ResourceKey(type.typeName() + ":" + version + ":" + name + ":" + workspace);
      case INSTANCE -> new ResourceKey(type.typeName() + ":" + version + ":" + name);
      case KUBERNETES -> throw new IllegalArgumentException("use ResourceKey.kubernetes");
    };
  }

  public static ResourceKey kubernetes(String group, String kind, String namespace, String name) {
    return new ResourceKey(group + "/" + kind + ":" + namespace + ":" + name);
  }

  @Override
  public int compareTo(ResourceKey other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
