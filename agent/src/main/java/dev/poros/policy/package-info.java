/**
 * Admission policies: CEL rules checked against each declared resource between validation and
 * planning. A {@code deny} rejects the resource, a {@code warn} is reported and applies anyway, an
 * {@code audit} is only recorded. Policies come from the defaults shipped in the jar, a folder, and
 * the synced repository's own {@code admission-policy} documents.
 */
package dev.poros.policy;
