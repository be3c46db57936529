/**
 * Health of live Kubernetes objects, as Argo CD's gitops-engine judges it: one small {@link
 * dev.poros.health.HealthCheck} per kind behind the {@link dev.poros.health.HealthChecks} registry,
 * pure functions of an object's JSON. It depends only on {@code model}; the Kubernetes executor
 * asks it about what it applied and watches, and the server shows the answers.
 */
package dev.poros.health;
