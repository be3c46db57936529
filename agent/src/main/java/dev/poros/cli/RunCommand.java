package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesClients;
import dev.poros.apply.local.Durations;
import dev.poros.model.Failures;
import dev.poros.schedule.Agent;
import dev.poros.schedule.LeaderLease;
import dev.poros.schedule.LeaseSettings;
import dev.poros.schedule.Previews;
import dev.poros.schedule.WatchedRepository;
import dev.poros.server.AgentServer;
import dev.poros.server.Gate;
import dev.poros.server.Metrics;
import dev.poros.server.StandbyServer;
import dev.poros.status.StatusSettings;
import dev.poros.status.forge.ForgeRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code poros run --repo R}: the agent, keeping a repository in sync until stopped (SIGTERM stops
 * it gracefully). {@code poros run WORKFLOW}: one run of a workflow now, as last applied.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "poros run --repo R [--interval 60s]: the agent — syncs R every interval, resumes the schedules "
          + "and services it left, stops gracefully on SIGTERM.",
      "poros run WORKFLOW: runs a workflow now, as last applied, and waits; exit 1 if the run fails."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      arity = "0..1",
      description = "A workflow to run now: its id or its name.")
  String workflow;

  @Mixin RepoOptions repo;

  @Option(
      names = "--interval",
      defaultValue = "60s",
      description = "With --repo: how often to poll (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = "--no-self-heal",
      description =
          "With --executor kubernetes: report what drifts on the cluster, do not apply it again.")
  boolean noSelfHeal;

  @Option(
      names = "--listen",
      defaultValue = AgentConfig.DEFAULT_LISTEN,
      description = "With --repo: where the API and webhooks listen (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--config",
      description =
          "poros.yaml: the repositories to watch, where the secrets are, where to listen.")
  Path configFile;

  @Option(
      names = "--auth-token-file",
      description =
          "With --repo: file holding the bearer token the API's writes need (and its reads and the dashboard"
              + " too, when listening beyond loopback).")
  Path authTokenFile;

  @Option(
      names = "--status-provider",
      description =
          "With --repo: post commit statuses: gitea (also Forgejo), github, gitlab, or git-notes"
              + " (notes under refs/notes/poros, pushed with the repository's credentials).")
  String statusProvider;

  @Option(
      names = "--status-url",
      description = "With --status-provider: the forge's address (default: the repository URL's).")
  String statusUrl;

  @Option(
      names = "--status-token-file",
      description = "With --status-provider: file holding the forge token that may post statuses.")
  Path statusTokenFile;

  @Option(
      names = "--status-context",
      description = "With --status-provider: the statuses' context (default: poros/REPOSITORY).")
  String statusContext;

  @Option(
      names = "--external-url",
      description =
          "The dashboard's public address (https://poros.example.com): statuses link to its sync"
              + " pages.")
  String externalUrl;

  @Option(
      names = "--webhook-secret-file",
      description =
          "With --repo: file holding the webhooks' shared secret (without it webhooks are refused).")
  Path webhookSecretFile;

  @Option(
      names = "--lease",
      paramLabel = "NAMESPACE/NAME",
      description =
          "With --repo: take this Kubernetes Lease before syncing, so that only one agent writes"
              + " the data directory (a second one waits, not ready, until the first stops).")
  String lease;

  @Option(
      names = "--lease-duration",
      defaultValue = "15s",
      description =
          "With --lease: how long a holder that stops renewing keeps it (default:"
              + " ${DEFAULT-VALUE}).")
  String leaseDuration;

  @Override
  public Integer call() throws InterruptedException {
    if (workflow != null) {
      return runWorkflow();
    }
    if (repo.repo == null && configFile == null) {
      throw new UsageException("give a WORKFLOW to run, or --repo or --config to run the agent");
    }
    return runAgent();
  }

  /** What the agent runs with: {@code --config}, or the flags for one repository. */
  private AgentConfig config() {
    if (configFile != null) {
      if (repo.repo != null) {
        throw new UsageException("give --config or --repo, not both");
      }
      return AgentConfig.read(configFile, System::getenv);
    }
    return new AgentConfig(
            List.of(
                new WatchedRepository(
                        "default", repo.spec(), parseInterval(interval), repo.executor, !noSelfHeal)
                    .withStatus(statusSettings())),
            listen,
            SecretFile.read(webhookSecretFile, "--webhook-secret-file"),
            SecretFile.read(authTokenFile, "--auth-token-file"),
            externalUrl == null ? "" : externalUrl)
        .withLease(leaseSettings());
  }

  /** The Lease the flags name, on the cluster --kubeconfig and --context reach; null: none. */
  private LeaseSettings leaseSettings() {
    if (lease == null) {
      return null;
    }
    String[] parts = lease.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new UsageException("--lease: write NAMESPACE/NAME, e.g. poros/poros");
    }
    try {
      return new LeaseSettings(
          parts[0], parts[1], parseDuration(leaseDuration, "--lease-duration"), null);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--lease-duration: " + e.getMessage());
    }
  }

  /** The one repository's commit statuses, as the flags say; null without a provider. */
  private StatusSettings statusSettings() {
    if (statusProvider == null) {
      return null;
    }
    if (!StatusSettings.PROVIDERS.contains(statusProvider)) {
      throw new UsageException(
          "--status-provider: '" + statusProvider + "' is not one of " + StatusSettings.PROVIDERS);
    }
    String token = SecretFile.read(statusTokenFile, "--status-token-file");
    if (token == null && StatusSettings.needsToken(statusProvider)) {
      throw new UsageException(
          "--status-provider " + statusProvider + " needs --status-token-file");
    }
    String context =
        statusContext != null
            ? statusContext
            : "poros/" + ForgeRepository.fromUrl(repo.spec().url()).name();
    return new StatusSettings(statusProvider, statusUrl, token, context, null, null);
  }

  private int runAgent() throws InterruptedException {
    AgentConfig config = config();
    String[] hostPort = config.listen().split(":", 2);
    if (hostPort.length != 2 || !hostPort[1].matches("\\d+")) {
      throw new UsageException("listen: write HOST:PORT, e.g. 127.0.0.1:8080");
    }
    Gate gate = gate(config, hostPort[0]);
    int port = Integer.parseInt(hostPort[1]);
    LeaderLease leader = config.lease() == null ? null : leaderLease(config.lease());
    if (leader != null) {
      port = standBy(leader, hostPort[0], port);
    }
    Wiring wiring =
        new Wiring(global.dataDir, Clock.systemUTC())
            .withPolicies(config.policies() != null ? config.policies() : repo.policies.standing())
            .withInstance(configFile != null ? config.instance() : repo.instance())
            .kubernetes(repo.kubernetes())
            .externalUrl(config.externalUrl())
            .logCap(config.logCapBytes());
    int resumed = wiring.restore();
    Metrics metrics = new Metrics(wiring.stores());
    wiring.countingStatusPosts(metrics);
    Agent running =
        new Agent(config.repositories(), wiring::reconciler, Clock.systemUTC(), metrics);
    AutoCloseable clusterWatch = wiring.watchCluster(running);
    Previews previews = wiring.previews(running);
    running.addListener(previews);
    AgentServer server =
        new AgentServer(
            running,
            wiring.stores(),
            metrics,
            gate,
            config.webhookSecret(),
            running::syncedEveryRepository,
            wiring.statusDeliveries()::lastError,
            previews,
            config.serverLimits());
    try {
      server.start(hostPort[0], port);
    } catch (RuntimeException e) {
      wiring.close();
      throw new UsageException(
          "listen: cannot listen on "
              + config.listen()
              + ": "
              + Failures.rootCause(e).getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // one hook, in order: no more requests, the running sync finished, then the DB closed
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: no new requests or syncs; a running sync may finish");
                  server.close();
                  running.stop(Duration.ofSeconds(30));
                  previews.close();
                  try {
                    clusterWatch.close();
                  } catch (Exception e) {
                    LOG.warn("stopping the cluster watch: {}", e.getMessage());
                  }
                  wiring.close();
                  if (leader != null) {
                    leader.close(); // only now may another agent write the data directory
                  }
                  LOG.info(
                      "stopped; services and workers keep running for the next start to adopt");
                  stopped.countDown();
                },
                "poros-shutdown"));
    running.start();
    spec.commandLine()
        .getErr()
        .printf(
            "poros: agent running (resumed %d runnable(s)); watching %s; API on http://%s:%d%n",
            resumed,
            config.repositories().stream().map(WatchedRepository::name).toList(),
            hostPort[0],
            server.port());
    spec.commandLine().getErr().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * The Lease guarding the data directory, on the cluster it names (or the agent's own); this agent
   * is named in it by its host (in a pod: the pod's name) and a nonce.
   */
  private LeaderLease leaderLease(LeaseSettings settings) {
    KubernetesClient client;
    try {
      client = KubernetesClients.connect(repo.kubernetes().at(settings.cluster()));
    } catch (IllegalArgumentException e) {
      throw new UsageException("lease " + settings + ": " + e.getMessage());
    }
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "poros";
      }
    }
    return new LeaderLease(
        client, settings, host + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Waits for the Lease, answering on the agent's address meanwhile that it is not ready and why;
   * returns the port it listened on, where the agent listens once it holds the Lease. Losing the
   * Lease later ends this process (as Kubernetes controllers do): another agent may hold it then.
   */
  private int standBy(LeaderLease leader, String host, int port) throws InterruptedException {
    LeaseSettings settings = leader.settings();
    int listening;
    try (StandbyServer standby =
        new StandbyServer(
            () ->
                "waiting for the Lease "
                    + settings
                    + (leader.holder().isEmpty() ? "" : ", held by " + leader.holder()))) {
      listening = standby.start(host, port);
      spec.commandLine()
          .getErr()
          .printf(
              "poros: waiting for the Lease %s as %s; standby on http://%s:%d%n",
              settings, leader.identity(), host, listening);
      spec.commandLine().getErr().flush();
      leader.acquire(
          () -> {
            LOG.error("stopping: another agent may write the data directory now");
            System.exit(ExitCodes.LEASE_LOST);
          });
    }
    return listening;
  }

  /**
   * Who may use the API and dashboard: reads stay open on loopback; anywhere else everything needs
   * the token, and listening there without one is refused.
   */
  private static Gate gate(AgentConfig config, String host) {
    return unnamedGate(config, host).alsoNamed(names(config, host));
  }

  /** The names a request may give this agent by, beyond loopback's: its listen host, its URL's. */
  private static List<String> names(AgentConfig config, String host) {
    List<String> names = new ArrayList<>(List.of(host));
    if (!config.externalUrl().isBlank()) {
      String external = URI.create(config.externalUrl()).getHost();
      if (external != null) {
        names.add(external);
      }
    }
    return names;
  }

  private static Gate unnamedGate(AgentConfig config, String host) {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UsageException("listen: unknown host " + host);
    }
    if (config.authToken() == null) {
      if (!loopback) {
        throw new UsageException(
            "listen: "
                + host
                + " is reachable from other machines; give --auth-token-file (authToken in"
                + " poros.yaml) so that the API and dashboard are not open to them");
      }
      return Gate.open();
    }
    return Gate.token(config.authToken(), loopback);
  }

  private static Duration parseInterval(String text) {
    return parseDuration(text, "--interval");
  }

  private static Duration parseDuration(String text, String option) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage() + " (write 30s, 5m, 1h)");
    }
  }

  private int runWorkflow() throws InterruptedException {
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      return ManualRun.run(wiring, workflow, spec.commandLine().getOut());
    }
  }
}
