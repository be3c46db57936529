/**
 * The agent's HTTP side (Javalin): push webhooks that trigger syncs, the JSON API under {@code
 * /api/v1/}, and {@code /healthz} and {@code /readyz}. Reads through {@code store}, triggers
 * through {@code schedule}.
 */
package dev.poros.server;
