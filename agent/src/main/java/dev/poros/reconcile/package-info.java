/**
 * The reconcile stage: {@link dev.poros.reconcile.Reconciler#reconcile} is the script of one sync —
 * fetch, load, validate, plan, apply, record — with one sync per repository at a time. Depends on
 * every stage before it.
 */
package dev.poros.reconcile;
