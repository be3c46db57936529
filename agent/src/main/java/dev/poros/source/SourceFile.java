package dev.poros.source;

/** One file of a snapshot: its path from the repository root and the id of its Git blob. */
public record SourceFile(String path, String blobId) {}
