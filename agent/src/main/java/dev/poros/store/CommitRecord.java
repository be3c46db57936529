package dev.poros.store;

/** A commit as a sync read it: its id, the branch it was on, its subject line and author. */
public record CommitRecord(String sha, String branch, String message, String author) {}
