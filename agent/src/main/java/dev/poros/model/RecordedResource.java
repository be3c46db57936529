package dev.poros.model;

import java.time.Instant;

/**
 * A resource as the Poros DB records it: what was last applied (spec with secrets masked, hash,
 * commit, file) and how it is doing. {@code runtime} is null for types that do not run; {@code
 * drift} says how the live objects differ from what was applied ("" when they do not).
 */
public record RecordedResource(
    ResourceKey key,
    long repositoryId,
    String type,
    String version,
    String name,
    String workspace,
    Layer layer,
    String executor,
    String maskedJson,
    String hash,
    String commit,
    String sourceFile,
    Status status,
    Runtime runtime,
    Health health,
    String message,
    Instant createdAt,
    Instant updatedAt,
    String drift) {

  /**
   * Whether it stands applied: not deleted, and applied once at least (a resource rejected on first
   * sight is recorded with an empty hash, only to say why).
   */
  public boolean applied() {
    return status != Status.DELETED && !hash.isEmpty();
  }

  /** Whether the live state differs from what was applied (someone changed or deleted it). */
  public boolean drifted() {
    return !drift.isEmpty();
  }

  /**
   * This row holding the identity, name, spec text and hash of {@code declared} — the resource of
   * its key, loaded from the commit — instead of its own equal copies: a commit loaded beside every
   * row of its repository holds each once (at 50,000 resources, megabytes of a whole judgement's
   * heap).
   */
  public RecordedResource sharing(Resource declared) {
    String spec = shared(maskedJson, declared.maskedJson());
    String sameName = shared(name, declared.name());
    String sameHash = shared(hash, declared.hash());
    ResourceKey sameKey = key.equals(declared.key()) ? declared.key() : key;
    if (spec == maskedJson && sameName == name && sameHash == hash && sameKey == key) {
      return this;
    }
    return new RecordedResource(
        sameKey,
        repositoryId,
        type,
        version,
        sameName,
        workspace,
        layer,
        executor,
        spec,
        sameHash,
        commit,
        sourceFile,
        status,
        runtime,
        health,
        message,
        createdAt,
        updatedAt,
        drift);
  }

  private static String shared(String own, String same) {
    return same != null && same.equals(own) ? same : own;
  }
}
