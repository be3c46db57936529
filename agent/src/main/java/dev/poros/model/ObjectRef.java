package dev.poros.model;

/**
 * A Kubernetes object by name: its API version as applied, kind, namespace ("" for cluster-scoped
 * objects) and name. The group (the API version without its version) identifies it across versions.
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  public String group() {
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  /** Whether {@code other} names the same object, whatever API version each was written in. */
  public boolean sameObject(ObjectRef other) {
    return group().equals(other.group())
        && kind.equals(other.kind)
        && namespace.equals(other.namespace)
        && name.equals(other.name);
  }

  /** {@code Kind namespace/name} (or {@code Kind name}), as messages name objects. */
  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
