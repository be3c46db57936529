package dev.poros.store;

/** What a sync did, counted by resource. */
public record SyncCounts(int created, int updated, int deleted, int unchanged, int failed) {}
