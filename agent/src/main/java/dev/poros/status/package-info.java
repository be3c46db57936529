/**
 * Back to Git: what a sync did, posted on the synced commit as a commit status through a {@link
 * dev.poros.status.StatusPublisher} (one sub-package per kind of forge), never twice the same, with
 * bounded retries, never blocking a sync.
 */
package dev.poros.status;
