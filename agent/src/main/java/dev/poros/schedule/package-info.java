/**
 * The agent's clock and queue: when each repository syncs (a Quartz poll per repository, pushes,
 * API calls), one sync per repository at a time with triggers that arrive meanwhile coalesced into
 * one follow-up, and back-off after failed fetches. Depends on {@code reconcile}.
 */
package dev.poros.schedule;
