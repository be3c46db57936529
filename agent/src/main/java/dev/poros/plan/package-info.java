/**
 * The plan stage, pure (no I/O): compares the desired state of a commit with the state the Poros DB
 * records and orders the steps that converge one to the other — creates and updates dependencies
 * first and then by the {@link dev.poros.plan.ApplyOrder} table, prunes last in reverse. Never
 * prunes what a broken file used to declare. Depends on {@code model}.
 */
package dev.poros.plan;
