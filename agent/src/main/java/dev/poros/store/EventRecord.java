package dev.poros.store;

import java.time.Instant;

/**
 * Something that happened to a resource during a sync, with the diff it applied (secrets masked;
 * null when it changed no spec).
 */
public record EventRecord(
    long id,
    Long syncId,
    String resourceKey,
    String action,
    String message,
    String diff,
    Instant at) {}
