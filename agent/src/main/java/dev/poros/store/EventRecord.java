package dev.poros.store;

import java.time.Instant;

/** Something that happened to a resource during a sync. */
public record EventRecord(
    long id, Long syncId, String resourceKey, String action, String message, Instant at) {}
