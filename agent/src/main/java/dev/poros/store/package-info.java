/**
 * The Poros DB: one SQLite file ({@code <data-dir>/poros.db}, WAL) holding repositories, resources,
 * syncs, events and encrypted secret values, migrated forward at start-up. Every state change is a
 * transaction, so a crash between two of them leaves a state the next sync converges from. Depends
 * on {@code model}.
 */
package dev.poros.store;
