/**
 * The Kubernetes executor: each resource becomes objects on a cluster ({@link
 * dev.poros.apply.kubernetes.ObjectRenderer}), applied by server-side apply ({@link
 * dev.poros.apply.kubernetes.ObjectApplier}) and recorded in the Poros DB's inventory, so that an
 * unchanged object is never written again and what a resource stops rendering is pruned ({@link
 * dev.poros.apply.kubernetes.Pruner}). One job per class, as in Flux's {@code ssa} package.
 */
package dev.poros.apply.kubernetes;
