/**
 * The apply stage: carries a plan out through {@link dev.poros.apply.Executor}s — the port each
 * executor (local, later Kubernetes) implements — and reports every step as a value, never by side
 * effect. A step whose dependency failed is skipped. Depends on {@code model} and {@code plan}.
 */
package dev.poros.apply;
