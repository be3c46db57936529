package dev.poros.schedule;

import dev.poros.model.DaemonThreads;
import dev.poros.model.Problem;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.preview.PreviewComment;
import dev.poros.reconcile.SyncResult;
import dev.poros.source.SourceException;
import dev.poros.status.CommitStatus;
import dev.poros.status.PullRequest;
import dev.poros.status.PullRequests;
import dev.poros.status.StatusDeliveries;
import dev.poros.status.StatusException;
import dev.poros.status.StatusPublisher;
import dev.poros.status.StatusState;
import dev.poros.store.PreviewRecord;
import dev.poros.store.PreviewStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull-request previews: for each open pull request whose base is the followed branch, the plan of
 * its head against the recorded state — applied nowhere, recorded only as a preview — posted as a
 * {@code CONTEXT/preview} status on the head commit and as one comment on the request, edited in
 * place on each new head. Requests come from webhooks and from a look at the forge's open pull
 * requests after each of the repository's syncs (so previews work without webhooks); a head already
 * previewed is not planned again. Work runs on one thread of its own, never on the syncs'.
 */
public final class Previews implements PreviewRequests, SyncListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Previews.class);

  /** Where one repository's previews go: its pull requests, and its statuses under a context. */
  public record Target(PullRequests pulls, StatusPublisher statuses, String context) {}

  /** What plans a repository's ref without applying or recording it. */
  @FunctionalInterface
  public interface DryRun {
    SyncResult plan(String repository, String ref);
  }

  private record Key(String repository, long number) {}

  private final Map<String, Target> targets;
  private final DryRun dryRun;
  private final Function<String, String> followedBranch;
  private final PreviewStore store;
  private final StatusDeliveries deliveries;
  private final String externalUrl;
  private final Clock clock;
  private final Map<Key, PullRequest> pending = new ConcurrentHashMap<>();
  private final Set<String> pollsPending = ConcurrentHashMap.newKeySet();
  private final ExecutorService work =
      Executors.newSingleThreadExecutor(DaemonThreads.named("poros-preview"));

  /**
   * @param targets the repositories whose pull requests are previewed, by name
   * @param followedBranch the branch a repository follows (null before it is known)
   * @param externalUrl the dashboard's public base; empty: comments and statuses link nowhere
   */
  public Previews(
      Map<String, Target> targets,
      DryRun dryRun,
      Function<String, String> followedBranch,
      PreviewStore store,
      StatusDeliveries deliveries,
      String externalUrl,
      Clock clock) {
    this.targets = Map.copyOf(targets);
    this.dryRun = dryRun;
    this.followedBranch = followedBranch;
    this.store = store;
    this.deliveries = deliveries;
    this.externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
    this.clock = clock;
  }

  @Override
  public boolean previews(String repository) {
    return targets.containsKey(repository);
  }

  @Override
  public void preview(String repository, PullRequest pull) {
    if (!previews(repository)) {
      return;
    }
    // the latest request for a pull request wins; one task per pull request is queued at a time
    if (pending.put(new Key(repository, pull.number()), pull) == null) {
      work.execute(() -> previewPending(new Key(repository, pull.number())));
    }
  }

  @Override
  public void closed(String repository, long number) {
    if (previews(repository)) {
      work.execute(() -> close(repository, number));
    }
  }

  /** After each sync of a repository: its open pull requests, as the forge lists them. */
  @Override
  public void synced(String repository, SyncResult result) {
    if (previews(repository) && pollsPending.add(repository)) {
      work.execute(() -> poll(repository));
    }
  }

  @Override
  public void fetchFailed(String repository, String error) {}

  private void poll(String repository) {
    pollsPending.remove(repository);
    List<PullRequest> open;
    try {
      open = targets.get(repository).pulls().open();
    } catch (StatusException e) {
      LOG.warn("open pull requests of {} not listed: {}", repository, e.getMessage());
      return;
    }
    String branch = followedBranch.apply(repository);
    for (PullRequest pull : open) {
      if (pull.baseBranch().equals(branch)) {
        preview(repository, pull);
      }
    }
    Set<Long> stillOpen = open.stream().map(PullRequest::number).collect(Collectors.toSet());
    for (PreviewRecord preview : store.open(repository)) {
      if (!stillOpen.contains(preview.number())) {
        close(repository, preview.number());
      }
    }
  }

  private void previewPending(Key key) {
    PullRequest pull = pending.remove(key);
    if (pull == null) {
      return;
    }
    try {
      preview(key.repository(), targets.get(key.repository()), pull);
    } catch (RuntimeException e) {
      LOG.warn("preview of {} #{} failed: {}", key.repository(), key.number(), e.toString());
    }
  }

  private void preview(String repository, Target target, PullRequest pull) {
    PreviewRecord before = store.get(repository, pull.number()).orElse(null);
    if (before != null
        && before.open()
        && before.headSha().equals(pull.headSha())
        && before.commentId() != null
        && before.error().isEmpty()) {
      return; // this head was previewed and its comment posted
    }
    String link = link(repository, pull.number());
    SyncResult planned;
    try {
      planned = dryRun.plan(repository, target.pulls().headRef(pull.number()));
    } catch (SourceException e) {
      store.save(
          new PreviewRecord(
              repository,
              pull.number(),
              pull.headSha(),
              pull.baseBranch(),
              PreviewRecord.OPEN,
              StatusState.ERROR.word(),
              PreviewRecord.Counts.NONE,
              List.of(),
              List.of(),
              List.of(),
              e.getMessage(),
              null,
              clock.instant()));
      if (!pull.headSha().isEmpty()) {
        status(repository, target, pull.headSha(), StatusState.ERROR, brief(e.getMessage()), link);
      }
      return;
    }
    String head = planned.snapshot().commit();
    Plan plan = planned.plan();
    List<Problem> problems = planned.problems();
    boolean passes = PreviewComment.passes(plan, problems);
    PreviewRecord preview =
        new PreviewRecord(
            repository,
            pull.number(),
            head,
            pull.baseBranch(),
            PreviewRecord.OPEN,
            (passes ? StatusState.SUCCESS : StatusState.FAILURE).word(),
            new PreviewRecord.Counts(
                (int) plan.count(PlanAction.CREATE),
                (int) plan.count(PlanAction.UPDATE),
                (int) plan.count(PlanAction.DELETE),
                (int) plan.count(PlanAction.UNCHANGED),
                plan.rejected().size()),
            problems.stream().map(Problem::toString).toList(),
            planned.warnings().stream().map(Problem::toString).toList(),
            plan.steps().stream()
                .filter(step -> step.action() != PlanAction.UNCHANGED)
                .map(
                    step ->
                        new PreviewRecord.Change(
                            step.key().id(), step.action().label(), step.diff()))
                .toList(),
            "",
            null,
            clock.instant());
    // recorded first: the dashboard shows the preview even while the forge cannot be reached; the
    // comment's id is set once the comment shows this head
    store.save(preview);
    status(
        repository,
        target,
        head,
        passes ? StatusState.SUCCESS : StatusState.FAILURE,
        description(preview),
        link);
    String body =
        PreviewComment.render(
            repository,
            head,
            plan,
            problems,
            planned.warnings(),
            link,
            PreviewComment.GITHUB_LIMIT);
    try {
      long id = target.pulls().comment(pull.number(), PreviewComment.marker(repository), body);
      store.save(preview.withComment(id, ""));
    } catch (StatusException e) {
      // kept as the preview's error: the next look at the pull requests tries again
      store.save(preview.withComment(null, "comment not posted: " + e.getMessage()));
      LOG.warn(
          "preview comment on {} #{} not posted: {}", repository, pull.number(), e.getMessage());
    }
  }

  private void close(String repository, long number) {
    store
        .get(repository, number)
        .filter(PreviewRecord::open)
        .ifPresent(preview -> store.save(preview.closed()));
  }

  private void status(
      String repository,
      Target target,
      String commit,
      StatusState state,
      String description,
      String link) {
    deliveries.post(
        repository,
        target.statuses(),
        new CommitStatus(commit, state, target.context() + "/preview", description, link));
  }

  /** The status's words: what merging would do, or what stops it. */
  private static String description(PreviewRecord preview) {
    PreviewRecord.Counts c = preview.counts();
    String counts =
        c.create() + " to create, " + c.update() + " to update, " + c.delete() + " to delete";
    if (preview.verdict().equals(StatusState.SUCCESS.word())) {
      return "merging would apply cleanly: " + counts;
    }
    return preview.problems().size()
        + " problem(s)"
        + (c.invalid() > 0 ? ", " + c.invalid() + " invalid" : "")
        + (preview.problems().isEmpty() ? "" : ": " + preview.problems().get(0));
  }

  private static String brief(String message) {
    return "preview could not run: " + message;
  }

  /** The preview's page on the dashboard, or empty without a public address. */
  private String link(String repository, long number) {
    return externalUrl.isEmpty() ? "" : externalUrl + PreviewComment.page(repository, number);
  }

  @Override
  public void close() {
    work.shutdownNow();
  }
}
