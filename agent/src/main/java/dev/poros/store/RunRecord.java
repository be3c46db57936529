package dev.poros.store;

import java.time.Instant;

/** One run of a workflow: what started it, how far it got and how it ended. */
public record RunRecord(
    long id,
    String resourceKey,
    String specHash,
    String trigger,
    String state,
    String progress,
    Instant startedAt,
    Instant finishedAt,
    String message) {}
