package dev.poros.store;

import java.time.Instant;

/** One attempt of one node of a workflow run. */
public record NodeRunRecord(
    long runId,
    String node,
    int attempt,
    String state,
    Integer exitCode,
    String logPath,
    Instant startedAt,
    Instant finishedAt,
    String message) {}
