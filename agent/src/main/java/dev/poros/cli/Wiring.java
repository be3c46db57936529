package dev.poros.cli;

import dev.poros.apply.Executor;
import dev.poros.apply.ExecutorRouter;
import dev.poros.apply.PlanApplier;
import dev.poros.apply.kubernetes.ClusterWatch;
import dev.poros.apply.kubernetes.KubernetesExecutor;
import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.apply.local.LeftoverRuns;
import dev.poros.apply.local.LocalExecutor;
import dev.poros.apply.local.Programs;
import dev.poros.apply.local.RunFolders;
import dev.poros.apply.local.RunSettings;
import dev.poros.apply.local.ServiceSupervisor;
import dev.poros.apply.local.SupervisorSettings;
import dev.poros.apply.local.WorkflowRunner;
import dev.poros.apply.local.WorkflowScheduler;
import dev.poros.apply.local.Workflows;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.model.Resource;
import dev.poros.model.SecretDigest;
import dev.poros.plan.Planner;
import dev.poros.policy.Admission;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.policy.StandingPolicies;
import dev.poros.reconcile.Reconciler;
import dev.poros.reconcile.SettledVerdicts;
import dev.poros.reconcile.SyncObserver;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.WholeResources;
import dev.poros.render.StackRenderer;
import dev.poros.schedule.Agent;
import dev.poros.schedule.CommitHealth;
import dev.poros.schedule.CommitStatuses;
import dev.poros.schedule.Previews;
import dev.poros.schedule.SelfHeal;
import dev.poros.schedule.SyncListener;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.GitSource;
import dev.poros.status.PullRequests;
import dev.poros.status.StatusDeliveries;
import dev.poros.status.StatusPublisher;
import dev.poros.status.StatusSettings;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.Stores;
import dev.poros.validate.SchemaCheck;
import dev.poros.validate.Validator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** The composition root: builds every stage by hand for one data directory. */
public final class Wiring implements AutoCloseable {
  private final Path dataDir;
  private final Clock clock;
  private Stores stores;
  private GitSource source;
  private ManifestLoader loader;
  private WorkflowRunner workflows;
  private WorkflowScheduler schedules;
  private ServiceSupervisor services;
  private SupervisorSettings supervisorSettings = SupervisorSettings.defaults();
  private KubernetesSettings kubernetesSettings = KubernetesSettings.defaults();
  private String externalUrl = "";
  private StatusDeliveries.Outcomes statusOutcomes = StatusDeliveries.Outcomes.NONE;
  private StatusDeliveries statusDeliveries;
  private CommitHealth commitHealth;
  private boolean abandonedMarked;
  private final KubernetesClusters clusters =
      new KubernetesClusters(this::kubernetesRunner, this::scheduler);
  private RunSettings runSettings;
  private StandingPolicies policies;
  private PolicyEngine policyEngine;
  private Instance instance = Instance.DEFAULT;
  private StackRenderer stackRenderer;

  /**
   * The DataOS instance this agent stands for: its public name ({@code DataOsFqdn}, {@code
   * DATAOS_FQDN}) and where the built-in stacks' images are.
   */
  public record Instance(String fqdn, String registry) {
    public static final Instance DEFAULT =
        new Instance(StackRenderer.DEFAULT_FQDN, SystemResources.DEFAULT_REGISTRY);

    /** What is wrong with {@code fqdn} as an instance's name; null when nothing is. */
    static String fqdnProblem(String fqdn) {
      return fqdn.matches("[A-Za-z0-9]([-.A-Za-z0-9]*[A-Za-z0-9])?(:[0-9]+)?")
          ? null
          : "'" + fqdn + "' is not a host name (e.g. dataos.example.com)";
    }

    /** What is wrong with {@code registry} as an image prefix; null when nothing is. */
    static String registryProblem(String registry) {
      return registry.isBlank() || registry.contains(" ")
          ? "'" + registry + "' is not a registry prefix"
          : null;
    }
  }

  private List<Resource> builtInResources;

  /** Held by a sync while it records what it claims: one repository at a time, across them all. */
  private final Lock claims = new ReentrantLock();

  /** What its reconcilers' last settled syncs judged: the next sync judges only what changed. */
  private final SettledVerdicts settled = new SettledVerdicts();

  public Wiring(Path dataDir, Clock clock) {
    this(dataDir, clock, RunSettings.defaults());
  }

  public Wiring(Path dataDir, Clock clock, RunSettings runSettings) {
    // absolute: processes run in folders of their own, and the paths handed to them must hold there
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.clock = clock;
    this.runSettings = runSettings;
  }

  /** The instance this wiring's syncs render for; before the first reconciler or executor. */
  public Wiring withInstance(Instance instance) {
    this.instance = instance;
    return this;
  }

  /** How runnables render through their stacks, for this wiring's instance. */
  public StackRenderer stackRenderer() {
    if (stackRenderer == null) {
      stackRenderer = new StackRenderer(instance.fqdn());
    }
    return stackRenderer;
  }

  /** The standing admission policies of this wiring's syncs; before the first reconciler. */
  public Wiring withPolicies(StandingPolicies policies) {
    this.policies = policies;
    return this;
  }

  /** The standing policies: as set, or the shipped defaults. */
  private StandingPolicies standingPolicies() {
    if (policies == null) {
      policies = StandingPolicies.load(Set.of(), null);
    }
    return policies;
  }

  /** The engine every reconciler of this wiring shares, and with it the verdicts it remembers. */
  public PolicyEngine policyEngine() {
    if (policyEngine == null) {
      policyEngine = new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET));
    }
    return policyEngine;
  }

  public Stores stores() {
    if (stores == null) {
      stores = Stores.open(dataDir, clock);
    }
    return stores;
  }

  public static ManifestLoader loader(SecretDigest digest) {
    return new ManifestLoader(new ResourceFactory(digest));
  }

  /** The built-in resources, hashed with this data directory's secret digest. */
  public List<Resource> builtIn() {
    return SystemResources.load(factory(), instance.registry());
  }

  /**
   * {@link #builtIn()}, read once for all this wiring's reconcilers, when a sync first needs them:
   * a sync of the commit already synced needs none (parsing the 26 built-ins is a fifth of a second
   * in a new process).
   */
  private synchronized List<Resource> builtInOnce() {
    if (builtInResources == null) {
      builtInResources = builtIn();
    }
    return builtInResources;
  }

  private ResourceFactory factory() {
    return new ResourceFactory(stores().vault());
  }

  public static Validator validator() {
    return new Validator(new SchemaCheck());
  }

  /** The loader the reconcilers of this wiring share, and with it their parse cache. */
  public ManifestLoader loader() {
    if (loader == null) {
      loader = loader(stores().vault());
    }
    return loader;
  }

  public Reconciler reconciler(String executorName) {
    return reconciler(executor(executorName));
  }

  /**
   * A reconciler that applies {@code repository} where it says (its cluster and namespace) and
   * posts its commit statuses where it says.
   */
  public Reconciler reconciler(WatchedRepository repository) {
    return reconciler(
        repository.executor().equals(KubernetesExecutor.NAME)
            ? kubernetesExecutor(kubernetesSettings.at(repository.cluster()))
            : executor(repository.executor()),
        statusesOf(repository));
  }

  private SyncObserver statusesOf(WatchedRepository repository) {
    StatusSettings status = repository.status();
    if (status == null) {
      return SyncObserver.NONE;
    }
    StatusPublisher publisher;
    try {
      publisher =
          status.publisher(
              repository.spec(),
              dataDir.resolve("notes").resolve(repository.location().mirrorName()));
    } catch (IllegalArgumentException e) {
      throw new UsageException("repository " + repository.name() + ": status: " + e.getMessage());
    }
    return new CommitStatuses(
        repository.name(),
        status.contextFor(repository.name()),
        publisher,
        statusDeliveries(),
        externalUrl,
        commitHealth());
  }

  /**
   * The previews of {@code agent}'s pull requests, for the repositories whose statuses go to a
   * forge (git-notes has no pull requests); they plan through the agent's reconcilers.
   */
  public Previews previews(Agent agent) {
    Map<String, Previews.Target> targets = new HashMap<>();
    for (WatchedRepository repository : agent.repositories()) {
      StatusSettings status = repository.status();
      PullRequests pulls = status == null ? null : status.pullRequests(repository.spec().url());
      if (pulls == null) {
        continue;
      }
      targets.put(
          repository.name(),
          new Previews.Target(
              pulls,
              status.publisher(repository.spec().url()),
              status.contextFor(repository.name())));
    }
    return new Previews(
        targets,
        agent::plan,
        agent::branchOf,
        stores().previews(),
        statusDeliveries(),
        externalUrl,
        clock);
  }

  private CommitHealth commitHealth() {
    if (commitHealth == null) {
      commitHealth = new CommitHealth(stores().resources(), clock);
    }
    return commitHealth;
  }

  /**
   * Where the dashboard is for those outside this machine ({@code https://poros.example.com}):
   * commit statuses link to its sync pages. Empty: they link nowhere.
   */
  public Wiring externalUrl(String externalUrl) {
    this.externalUrl = externalUrl == null ? "" : externalUrl;
    return this;
  }

  /** Counts status posts by outcome (the agent's metrics); before the first reconciler. */
  public Wiring countingStatusPosts(StatusDeliveries.Outcomes outcomes) {
    this.statusOutcomes = outcomes;
    return this;
  }

  /** The delivery of this wiring's commit statuses (one queue for every repository). */
  public StatusDeliveries statusDeliveries() {
    if (statusDeliveries == null) {
      statusDeliveries = new StatusDeliveries(stores().statuses(), statusOutcomes);
    }
    return statusDeliveries;
  }

  /** A reconciler that applies through {@code executor}. */
  public Reconciler reconciler(Executor executor) {
    return reconciler(executor, SyncObserver.NONE);
  }

  private Reconciler reconciler(Executor executor, SyncObserver observer) {
    if (source == null) {
      source = new GitSource(dataDir.resolve("repos"));
    }
    Reconciler.Stages stages =
        new Reconciler.Stages(
            source,
            loader(),
            factory(),
            this::builtInOnce,
            validator(),
            new Planner(),
            new PlanApplier(ExecutorRouter.all(executor)),
            executor.name(),
            executor::preflight,
            observer,
            claims,
            new Admission(policyEngine(), standingPolicies()),
            settled);
    return new Reconciler(stages, stores(), dataDir.resolve("locks"), clock);
  }

  /** The runs this wiring's workflow runner started (none if it never made one). */
  public List<Long> startedRuns() {
    List<Long> runs = new ArrayList<>();
    if (workflows != null) {
      runs.addAll(workflows.started());
    }
    clusters.all().forEach(cluster -> runs.addAll(cluster.workflows().started()));
    return runs;
  }

  /** Waits for every workflow run this wiring started, whichever executor runs it. */
  public void awaitStartedRuns() throws InterruptedException {
    if (workflows != null) {
      workflows.awaitAll();
    }
    for (KubernetesClusters.Cluster cluster : clusters.all()) {
      cluster.workflows().awaitAll();
    }
  }

  /**
   * Runs a process that ended left unfinished are marked so, once, before this wiring's first
   * runner starts any (a second runner must not mark the first one's runs).
   */
  private void abandonEarlierRuns() {
    if (!abandonedMarked) {
      new LeftoverRuns(stores().runs(), new RunFolders(dataDir), runSettings.stopGrace()).settle();
      abandonedMarked = true;
    }
  }

  /** The workflow runs of this wiring's local executor. */
  public synchronized WorkflowRunner workflows() {
    if (workflows == null) {
      abandonEarlierRuns();
      workflows = new WorkflowRunner(stores().runs(), dataDir, runSettings, stackRenderer());
    }
    return workflows;
  }

  /** The schedules of this wiring's workflows; they fire while this wiring is open. */
  public synchronized WorkflowScheduler schedules() {
    if (schedules == null) {
      schedules = scheduler(workflows());
    }
    return schedules;
  }

  /** The schedules of {@code runner}'s workflows, which run their recorded specs. */
  private WorkflowScheduler scheduler(WorkflowRunner runner) {
    return new WorkflowScheduler(runner, WholeResources.recorded(stores(), factory())::of);
  }

  /** Rotates run nodes' and replicas' logs past {@code bytes}; before any is started. */
  public Wiring logCap(long bytes) {
    runSettings = runSettings.withLogCap(bytes);
    supervisorSettings = supervisorSettings.withLogCap(bytes);
    return this;
  }

  /**
   * Supervises services with {@code settings} (tests shorten the back-offs and probe intervals).
   */
  public Wiring supervising(SupervisorSettings settings) {
    this.supervisorSettings = settings;
    return this;
  }

  /** The supervisor of this wiring's services and workers. */
  public synchronized ServiceSupervisor services() {
    if (services == null) {
      services =
          new ServiceSupervisor(
              stores().processes(),
              dataDir,
              supervisorSettings,
              Programs.fromEnvironment(),
              stackRenderer());
    }
    return services;
  }

  /**
   * Takes up what the recorded state says runs here: workflow schedules, and the supervision of
   * services and workers (their running processes adopted). For an agent starting.
   */
  public int restore() {
    Reconciler.Judgement recorded = reconciler("local").judgeRecorded();
    LocalExecutor executor = (LocalExecutor) localExecutor();
    // one lookup for them all: each resource's own would index every resource again
    Function<Resource, List<Resource>> needed =
        recorded.desired().neededAmong(recorded.available());
    int resumed = 0;
    for (Resource resource : recorded.desired().resources()) {
      if (resource.type().runnable()) {
        executor.resume(resource, needed.apply(resource));
        resumed++;
      }
    }
    return resumed;
  }

  /**
   * The local executor: workflows and their schedules, and the services and workers it supervises.
   */
  public Executor localExecutor() {
    return new LocalExecutor(
        Programs.fromEnvironment(),
        this::workflows,
        this::schedules,
        this::services,
        stackRenderer());
  }

  private Executor executor(String name) {
    return switch (name) {
      case LocalExecutor.NAME -> localExecutor();
      case KubernetesExecutor.NAME -> kubernetesExecutor();
      default -> throw new UsageException("unknown executor '" + name + "' (local or kubernetes)");
    };
  }

  /**
   * Applies to Kubernetes with {@code settings} (the default: kubectl's way of finding a cluster).
   */
  public Wiring kubernetes(KubernetesSettings settings) {
    this.kubernetesSettings = settings;
    return this;
  }

  /** The Kubernetes executor of this wiring's settings. */
  public Executor kubernetesExecutor() {
    return kubernetesExecutor(kubernetesSettings);
  }

  /**
   * A Kubernetes executor with {@code settings}, over the client and workflow runner of the cluster
   * they reach (connected once, shared by the repositories that name it).
   */
  private Executor kubernetesExecutor(KubernetesSettings settings) {
    KubernetesClusters.Cluster cluster = clusters.of(settings);
    return new KubernetesExecutor(
        cluster.client(),
        settings,
        stores().inventory(),
        stores().vault(),
        new Workflows(cluster.workflows(), cluster.schedules()),
        stackRenderer());
  }

  /** The runner of a newly connected cluster's workflows, whose nodes run as its Jobs. */
  private WorkflowRunner kubernetesRunner(KubernetesClient client, KubernetesSettings settings) {
    abandonEarlierRuns();
    return new WorkflowRunner(
        stores().runs(),
        dataDir,
        runSettings,
        KubernetesExecutor.jobs(client, settings, clock),
        stackRenderer());
  }

  /**
   * For an agent whose repositories apply to Kubernetes: watches health and drift after each sync
   * and heals what drifts. Closing the result stops both; nothing happens for local-only agents.
   */
  public ClusterWatches watchCluster(Agent agent) {
    Map<List<Object>, List<WatchedRepository>> byCluster = new LinkedHashMap<>();
    for (WatchedRepository repository : agent.repositories()) {
      if (repository.executor().equals(KubernetesExecutor.NAME)) {
        byCluster
            .computeIfAbsent(
                KubernetesClusters.identity(kubernetesSettings.at(repository.cluster())),
                k -> new ArrayList<>())
            .add(repository);
      }
    }
    if (byCluster.isEmpty()) {
      return new ClusterWatches(List.of(), () -> {});
    }
    SelfHeal heal = new SelfHeal(agent, stores(), clock);
    // each cluster watched for the objects of the repositories applying to it, and judged after
    // their syncs only: another cluster's objects are not missing here
    Map<String, ClusterWatch> watchOf = new HashMap<>();
    List<ClusterWatch> watches = new ArrayList<>();
    for (List<WatchedRepository> repositories : byCluster.values()) {
      KubernetesClusters.Cluster cluster =
          clusters.of(kubernetesSettings.at(repositories.get(0).cluster()));
      ClusterWatch watch =
          new ClusterWatch(
              cluster.client(),
              () -> stores().inventory().kinds(repositoryIds(repositories)),
              stores().inventory(),
              stores().resources(),
              stores().vault(),
              heal::drifted);
      watch.refresh();
      watches.add(watch);
      repositories.forEach(repository -> watchOf.put(repository.name(), watch));
    }
    agent.addListener(
        new SyncListener() {
          @Override
          public void synced(String repository, SyncResult result) {
            ClusterWatch watch = watchOf.get(repository);
            if (watch == null) {
              return;
            }
            watch.refresh();
            watch.judge(
                result.changes().applied().stream()
                    .filter(e -> e.result().applied())
                    .map(e -> e.step().key())
                    .toList());
          }

          @Override
          public void fetchFailed(String repository, String error) {}
        });
    return new ClusterWatches(watches, heal::close);
  }

  /** The Poros DB ids of {@code repositories} (those synced at least once). */
  private List<Long> repositoryIds(List<WatchedRepository> repositories) {
    return repositories.stream()
        .map(repository -> repository.row(stores().repositories()))
        .flatMap(Optional::stream)
        .map(RepositoryRecord::id)
        .toList();
  }

  @Override
  public void close() {
    if (commitHealth != null) {
      commitHealth.close();
    }
    if (statusDeliveries != null) {
      try {
        statusDeliveries.drain(Duration.ofSeconds(5)); // what a last sync said
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      statusDeliveries.close();
    }
    clusters.close();
    if (services != null) {
      services.close();
    }
    if (schedules != null) {
      schedules.close();
    }
    if (workflows != null) {
      workflows.close();
    }
    if (source != null) {
      source.close();
    }
    if (stores != null) {
      stores.db().close();
    }
  }
}
