package dev.poros.store;

/** A supervised process as recorded: which replica of which resource, and how it has fared. */
public record ProcessRecord(
    String resourceKey,
    int replica,
    Long pid,
    String startedAt,
    String specHash,
    int restarts,
    Integer lastExitCode,
    String state) {}
