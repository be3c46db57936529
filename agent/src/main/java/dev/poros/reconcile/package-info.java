/**
 * The reconcile stage: {@link dev.poros.reconcile.Reconciler#reconcile} is the script of one sync,
 * one per repository at a time. {@code CommitFetch} fetches the commit and finds its repository's
 * row; a commit whose inputs are those of the last settled sync ends there. Otherwise {@code
 * ChangeJudge} judges it as a change of the last settled verdict ({@code SettledVerdicts} in
 * memory, or {@code SettledRows} from the Poros DB) and {@code WholeJudge} whole when a change
 * cannot be judged alone; both are admitted with {@code AdmissionContexts}. The planner plans, the
 * applier applies and {@code ResultRecorder} records each step as it ends; {@code SyncEnd} finishes
 * the sync's row and keeps its verdict for the next. Depends on every stage before it.
 */
package dev.poros.reconcile;
