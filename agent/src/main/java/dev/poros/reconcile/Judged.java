package dev.poros.reconcile;

import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.plan.PlanStep;
import dev.poros.store.DeclaredFiles;
import dev.poros.validate.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A commit judged against what its repository and the others record.
 *
 * @param recorded the rows the plan is made against: the repository's, or those of what {@code
 *     planned} holds
 * @param desired the whole commit's verdict
 * @param declaring what it declared, file by file, for the next sync to trust if this one settles
 *     (null: not to be)
 * @param planned what the planner is given: the whole verdict, or the part a change touched
 * @param unchanged the steps of the resources outside {@code planned}, known to plan unchanged
 * @param parsed each resource as loaded (before its hash covered what it uses); of a change, only
 *     those loaded again (the others are as {@code change.from()} holds them)
 * @param policyWarnings the admission policies' warnings about each resource
 * @param policyAudits their audit findings about each resource
 * @param change what it was judged as a change of (null: judged whole)
 */
record Judged(
    List<RecordedResource> recorded,
    List<Resource> available,
    DesiredState desired,
    DeclaredFiles.Update declaring,
    int filesParsed,
    DesiredState planned,
    List<PlanStep> unchanged,
    Map<ResourceKey, Resource> parsed,
    Map<ResourceKey, List<Problem>> policyWarnings,
    Map<ResourceKey, List<Problem>> policyAudits,
    Judged.Change change) {

  /**
   * A verdict judged as a change of {@code from}: the identities it {@code added} and {@code
   * removed}, its resources as references look them up, the {@code files} it touched that declare
   * resources now, and those {@code gone} (deleted, or declaring none now); {@code inListing}, each
   * file of the commit's listing with its resources (see {@link SettledJudgement#inListing}).
   */
  record Change(
      SettledJudgement from,
      Set<ResourceKey> added,
      Set<ResourceKey> removed,
      Validator.Index index,
      Map<String, SettledJudgement.FileResources> files,
      Set<String> gone,
      List<SettledJudgement.FileResources> inListing) {}
}
