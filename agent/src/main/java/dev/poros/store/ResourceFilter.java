package dev.poros.store;

/** Which recorded resources to list; null fields do not filter. */
public record ResourceFilter(
    String type, String workspace, String status, String health, boolean includeDeleted) {
  public static final ResourceFilter LIVE = new ResourceFilter(null, null, null, null, false);
}
