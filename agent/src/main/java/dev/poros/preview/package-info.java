/**
 * Pull-request previews: what merging a pull request would do — the plan of its head against the
 * recorded state, computed without applying anything — and how it is shown on the forge.
 */
package dev.poros.preview;
