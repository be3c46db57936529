/**
 * The first stage: turns a repository location and a ref into a {@link dev.poros.source.Snapshot} —
 * one commit's manifest files, read straight from the Git tree through a bare mirror kept under the
 * data directory. Depends on {@code model}.
 */
package dev.poros.source;
