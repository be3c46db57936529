package dev.poros.store;

/**
 * Which recorded resources to list; null fields do not filter. Deleted and built-in resources are
 * listed only when asked for.
 */
public record ResourceFilter(
    String type,
    String workspace,
    String status,
    String health,
    boolean includeDeleted,
    boolean includeBuiltIn) {
  public static final ResourceFilter LIVE =
      new ResourceFilter(null, null, null, null, false, false);
  public static final ResourceFilter ALL = new ResourceFilter(null, null, null, null, true, true);
}
