/**
 * The load stage: parses a snapshot's YAML files into {@link dev.poros.model.Resource}s with the
 * line of every field, masks secret values and hashes the canonical form. Parsed files are cached
 * by Git blob id, so a sync re-parses only the files whose content changed. Depends on {@code
 * model} and {@code source}.
 */
package dev.poros.load;
