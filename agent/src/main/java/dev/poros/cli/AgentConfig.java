package dev.poros.cli;

import dev.poros.apply.kubernetes.ClusterTarget;
import dev.poros.apply.local.Durations;
import dev.poros.apply.local.RunSettings;
import dev.poros.load.YamlDocument;
import dev.poros.load.YamlDocuments;
import dev.poros.load.YamlSyntaxException;
import dev.poros.model.Problem;
import dev.poros.policy.StandingPolicies;
import dev.poros.schedule.LeaseSettings;
import dev.poros.schedule.WatchedRepository;
import dev.poros.server.ServerLimits;
import dev.poros.source.CommitTrust;
import dev.poros.source.GitCredentials;
import dev.poros.source.RepoSpec;
import dev.poros.status.StatusSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros.yaml}: the repositories an agent watches and where its secrets are. Secrets are
 * named by where to read them — {@code {env: NAME}} or {@code {file: PATH}} — never written inline.
 * A field it does not know is an error, as a typo should be; every error names the file, line and
 * field.
 *
 * <pre>
 * listen: 127.0.0.1:8080
 * webhookSecret: {env: POROS_WEBHOOK_SECRET}
 * authToken: {file: /etc/poros/token}
 * repositories:
 *   - name: platform
 *     url: https://git.example.com/data/platform.git
 *     branch: main
 *     path: deploy
 *     interval: 60s
 *     executor: local        # or kubernetes
 *     credentials:           # for a private http(s) remote
 *       username: poros
 *       password: {env: GIT_TOKEN}
 *     allowEmpty: false      # true: a commit that declares nothing prunes everything
 *     maxFileBytes: 3145728  # bigger files are not read (that file's problem)
 *     selfHeal: true         # kubernetes: apply again what drifts on the cluster (false: report)
 *     kubernetes:            # kubernetes: where (each part defaults to the agent's flags)
 *       kubeconfig: /etc/poros/kubeconfig
 *       context: prod
 *       namespace: platform  # instance-level resources, and objects that name no namespace
 *     status:                # commit statuses on each synced commit
 *       provider: gitea      # or github
 *       url: https://git.example.com   # default: the repository URL's
 *       token: {env: FORGE_TOKEN}
 *       context: poros/platform        # the default
 * externalUrl: https://poros.example.com   # statuses link to the dashboard's sync pages
 * instance:                # the DataOS instance this agent stands for
 *   fqdn: dataos.example.com         # DataOsFqdn and DATAOS_FQDN (default: localhost)
 *   registry: registry.example.com/dataos   # the built-in stacks' images (docker.io/rubiklabs)
 * lease:                   # one writer at a time (the Helm chart sets it): agents sharing this
 *   namespace: poros       # data directory take turns by this Kubernetes Lease
 *   name: poros
 *   duration: 15s          # a holder that stops renewing loses it after this
 *   kubeconfig: ~/.kube/config   # default: as kubectl finds a cluster, or the pod's account
 * limits:                  # each optional; the defaults shown
 *   bodyReaders: 64        # webhooks and sign-ins reading a body at once; more get 503 at once
 *   minBodyRate: 1024      # bytes a second a body must arrive at, or its request ends
 *   idleTimeout: 10s       # a request silent this long ends
 *   logBytes: 10485760     # a run node's or replica's log is rotated past this (NAME.1 kept)
 * </pre>
 */
record AgentConfig(
    List<WatchedRepository> repositories,
    String listen,
    String webhookSecret,
    String authToken,
    String externalUrl,
    ServerLimits serverLimits,
    long logCapBytes,
    StandingPolicies policies,
    Wiring.Instance instance,
    LeaseSettings lease) {
  /** One repository's agent with the default limits, as {@code poros run --repo} makes it. */
  AgentConfig(
      List<WatchedRepository> repositories,
      String listen,
      String webhookSecret,
      String authToken,
      String externalUrl) {
    this(
        repositories,
        listen,
        webhookSecret,
        authToken,
        externalUrl,
        ServerLimits.DEFAULTS,
        RunSettings.defaults().logCapBytes(),
        null,
        Wiring.Instance.DEFAULT,
        null);
  }

  /** This configuration, guarded by {@code lease} (null: by none). */
  AgentConfig withLease(LeaseSettings lease) {
    return new AgentConfig(
        repositories,
        listen,
        webhookSecret,
        authToken,
        externalUrl,
        serverLimits,
        logCapBytes,
        policies,
        instance,
        lease);
  }

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  static final String DEFAULT_LISTEN = "127.0.0.1:8080";
  static final List<String> EXECUTORS = List.of("local", "kubernetes");
  private static final List<String> TOP =
      List.of(
          "listen",
          "webhookSecret",
          "authToken",
          "externalUrl",
          "repositories",
          "limits",
          "policies",
          "instance",
          "lease");
  private static final List<String> POLICIES = List.of("folder", "disable");
  private static final List<String> INSTANCE = List.of("fqdn", "registry");
  private static final List<String> LEASE =
      List.of("namespace", "name", "duration", "kubeconfig", "context");
  private static final List<String> LIMITS =
      List.of("bodyReaders", "minBodyRate", "idleTimeout", "logBytes");
  private static final List<String> STATUS =
      List.of("provider", "url", "token", "context", "owner", "repository");
  private static final List<String> REPOSITORY =
      List.of(
          "name",
          "url",
          "branch",
          "path",
          "interval",
          "include",
          "exclude",
          "executor",
          "credentials",
          "allowEmpty",
          "maxFileBytes",
          "selfHeal",
          "kubernetes",
          "status",
          "verify");
  private static final List<String> VERIFY = List.of("mode", "keys");
  private static final List<String> VERIFY_KEYS = List.of("gpg", "ssh");
  private static final List<String> FILE = List.of("file");
  private static final List<String> SSH_KEYS = List.of("allowedSigners");
  private static final List<String> KUBERNETES = List.of("kubeconfig", "context", "namespace");
  private static final List<String> CREDENTIALS = List.of("username", "password");
  private static final List<String> SECRET = List.of("env", "file");

  static AgentConfig read(Path file, Function<String, String> environment) {
    return new Reader(file, document(file), environment).config();
  }

  private static YamlDocument document(Path file) {
    List<YamlDocument> documents;
    try {
      documents = YamlDocuments.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    } catch (YamlSyntaxException e) {
      throw new UsageException(file + ":" + e.line() + ": " + e.getMessage());
    }
    if (documents.size() != 1 || !documents.get(0).tree().isObject()) {
      throw new UsageException(file + ":1: expected one mapping, with repositories");
    }
    return documents.get(0);
  }

  /** Reads one parsed file; its errors say where, as {@code FILE:LINE: FIELD: MESSAGE}. */
  private record Reader(Path file, YamlDocument document, Function<String, String> environment) {
    AgentConfig config() {
      JsonNode root = document.tree();
      known(root, "", TOP);
      JsonNode list = root.path("repositories");
      if (!list.isArray() || list.isEmpty()) {
        throw fail("/repositories", "at least one repository is required");
      }
      List<WatchedRepository> repositories = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        WatchedRepository repository = repository(list.get(i), "/repositories/" + i, i);
        if (repositories.stream().anyMatch(w -> w.name().equals(repository.name()))) {
          throw fail(
              "/repositories/" + i + "/name",
              "'" + repository.name() + "' names another repository already");
        }
        repositories.add(repository);
      }
      String externalUrl = root.path("externalUrl").asString("");
      if (!externalUrl.isEmpty() && !externalUrl.matches("https?://\\S+")) {
        throw fail("/externalUrl", "expected an http(s) URL, such as https://poros.example.com");
      }
      JsonNode limits = root.path("limits");
      if (!limits.isMissingNode()) {
        known(limits, "/limits", LIMITS);
      }
      ServerLimits defaults = ServerLimits.DEFAULTS;
      return new AgentConfig(
          repositories,
          root.path("listen").asString(DEFAULT_LISTEN),
          secret(root.path("webhookSecret"), "/webhookSecret"),
          secret(root.path("authToken"), "/authToken"),
          externalUrl,
          new ServerLimits(
              (int) positive(limits, "bodyReaders", defaults.bodyReaders(), Integer.MAX_VALUE),
              positive(limits, "minBodyRate", defaults.minBodyBytesPerSecond(), Long.MAX_VALUE),
              duration(limits, "/limits/idleTimeout", defaults.idleTimeout())),
          positive(limits, "logBytes", RunSettings.defaults().logCapBytes(), Long.MAX_VALUE),
          policies(root.path("policies")),
          instance(root.path("instance")),
          lease(root.path("lease")));
    }

    /**
     * {@code lease: {namespace, name, duration, kubeconfig, context}}: the Kubernetes Lease agents
     * sharing a data directory take turns by; null when absent (no guard).
     */
    private LeaseSettings lease(JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      known(node, "/lease", LEASE);
      String namespace = namespace(required(node, "/lease/namespace"), "/lease/namespace");
      String name = required(node, "/lease/name");
      if (!name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
        throw fail("/lease/name", "'" + name + "' is not a DNS name");
      }
      Path kubeconfig = node.has("kubeconfig") ? Path.of(node.get("kubeconfig").asString()) : null;
      ClusterTarget cluster =
          kubeconfig == null && !node.has("context")
              ? null
              : new ClusterTarget(kubeconfig, node.path("context").asString(null), null);
      try {
        return new LeaseSettings(
            namespace,
            name,
            duration(node, "/lease/duration", LeaseSettings.DEFAULT_DURATION),
            cluster);
      } catch (IllegalArgumentException e) {
        throw fail("/lease/duration", e.getMessage());
      }
    }

    /**
     * {@code instance: {fqdn, registry}}: each part defaults to {@link Wiring.Instance#DEFAULT}'s.
     */
    private Wiring.Instance instance(JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return Wiring.Instance.DEFAULT;
      }
      known(node, "/instance", INSTANCE);
      String fqdn = node.path("fqdn").asString(Wiring.Instance.DEFAULT.fqdn());
      String fqdnProblem = Wiring.Instance.fqdnProblem(fqdn);
      if (fqdnProblem != null) {
        throw fail("/instance/fqdn", fqdnProblem);
      }
      String registry =
          node.path("registry").asString(Wiring.Instance.DEFAULT.registry()).replaceAll("/+$", "");
      String registryProblem = Wiring.Instance.registryProblem(registry);
      if (registryProblem != null) {
        throw fail("/instance/registry", registryProblem);
      }
      return new Wiring.Instance(fqdn, registry);
    }

    /** {@code policies: {folder: DIR, disable: [NAME]}}; null when absent (the flags decide). */
    private StandingPolicies policies(JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      known(node, "/policies", POLICIES);
      List<String> disable = strings(node.path("disable"));
      List<String> unknown = StandingPolicies.notShipped(disable);
      if (!unknown.isEmpty()) {
        throw fail(
            "/policies/disable",
            "no shipped policy is named "
                + String.join(", ", unknown)
                + "; they are "
                + StandingPolicies.shippedNames());
      }
      Path folder = node.has("folder") ? Path.of(node.get("folder").asString()) : null;
      if (folder != null && !Files.isDirectory(folder)) {
        throw fail("/policies/folder", folder + " is not a folder");
      }
      return StandingPolicies.load(Set.copyOf(disable), folder);
    }

    /**
     * {@code limits}' field {@code field}: a whole number from 1 to {@code max}, or the default.
     */
    private long positive(JsonNode limits, String field, long otherwise, long max) {
      JsonNode value = limits.path(field);
      if (value.isMissingNode()) {
        return otherwise;
      }
      if (!value.isIntegralNumber()
          || !value.canConvertToLong()
          || value.asLong() < 1
          || value.asLong() > max) {
        throw fail("/limits/" + field, "must be a whole number from 1 to " + max);
      }
      return value.asLong();
    }

    /** A duration such as {@code 10s} at {@code at}, or the default when it is absent. */
    private Duration duration(JsonNode parent, String at, Duration otherwise) {
      JsonNode value = parent.path(at.substring(at.lastIndexOf('/') + 1));
      if (value.isMissingNode()) {
        return otherwise;
      }
      try {
        return Durations.parse(value.asString());
      } catch (IllegalArgumentException e) {
        throw fail(at, e.getMessage());
      }
    }

    private WatchedRepository repository(JsonNode r, String at, int index) {
      known(r, at, REPOSITORY);
      String url = required(r, at + "/url");
      Duration interval = duration(r, at + "/interval", DEFAULT_INTERVAL);
      String executor = r.path("executor").asString("local");
      if (!EXECUTORS.contains(executor)) {
        throw fail(at + "/executor", "'" + executor + "' is not one of " + EXECUTORS);
      }
      RepoSpec spec =
          new RepoSpec(
              url,
              r.path("branch").isString() ? r.get("branch").asString() : null,
              r.path("path").asString(""),
              strings(r.path("include")),
              strings(r.path("exclude")),
              credentials(r.path("credentials"), at + "/credentials"));
      JsonNode allowEmpty = r.path("allowEmpty");
      if (!allowEmpty.isMissingNode() && !allowEmpty.isBoolean()) {
        throw fail(at + "/allowEmpty", "must be true or false");
      }
      JsonNode maxFileBytes = r.path("maxFileBytes");
      if (!maxFileBytes.isMissingNode()
          && !(maxFileBytes.canConvertToLong()
              && maxFileBytes.isIntegralNumber()
              && maxFileBytes.asLong() > 0)) {
        throw fail(at + "/maxFileBytes", "must be a positive number of bytes");
      }
      spec =
          spec.withGuards(
                  allowEmpty.asBoolean(false), maxFileBytes.asLong(RepoSpec.DEFAULT_MAX_FILE_BYTES))
              .withTrust(trust(r.path("verify"), at + "/verify"));
      JsonNode selfHeal = r.path("selfHeal");
      if (!selfHeal.isMissingNode() && !selfHeal.isBoolean()) {
        throw fail(at + "/selfHeal", "must be true or false");
      }
      return new WatchedRepository(
          r.path("name").asString("repo-" + index),
          spec,
          interval,
          executor,
          cluster(r.path("kubernetes"), at + "/kubernetes", executor),
          selfHeal.asBoolean(true),
          status(r.path("status"), at + "/status", url));
    }

    /**
     * {@code {mode: head, keys: {gpg: [{file}], ssh: {allowedSigners: {file}}}}}; null when absent.
     * Every key file must be readable now: a typo found at the first sync would refuse every
     * commit.
     */
    private CommitTrust trust(JsonNode node, String at) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      known(node, at, VERIFY);
      String mode = node.path("mode").asString("head");
      if (!mode.equals("head")) {
        throw fail(
            at + "/mode",
            "'" + mode + "' is not a mode Poros has; head verifies the commit synced");
      }
      JsonNode keys = node.path("keys");
      known(keys, at + "/keys", VERIFY_KEYS);
      List<Path> gpg = new ArrayList<>();
      JsonNode gpgKeys = keys.path("gpg");
      if (!gpgKeys.isMissingNode() && !gpgKeys.isArray()) {
        throw fail(at + "/keys/gpg", "expected a list of {file: PATH}");
      }
      for (int i = 0; i < gpgKeys.size(); i++) {
        gpg.add(keyFile(gpgKeys.get(i), at + "/keys/gpg/" + i));
      }
      Path allowedSigners = null;
      if (!keys.path("ssh").isMissingNode()) {
        known(keys.path("ssh"), at + "/keys/ssh", SSH_KEYS);
        allowedSigners =
            keyFile(keys.path("ssh").path("allowedSigners"), at + "/keys/ssh/allowedSigners");
      }
      if (gpg.isEmpty() && allowedSigners == null) {
        throw fail(at + "/keys", "name at least one GPG key file or an SSH allowed signers file");
      }
      return new CommitTrust(gpg, allowedSigners);
    }

    /** {@code {file: PATH}}, a file that can be read now. */
    private Path keyFile(JsonNode node, String at) {
      if (node.isMissingNode()) {
        throw fail(at, "required, as {file: PATH}");
      }
      known(node, at, FILE);
      Path file = Path.of(required(node, at + "/file"));
      if (!CommitTrust.readable(file)) {
        throw fail(at + "/file", "cannot read the key file " + file);
      }
      return file;
    }

    /** {@code {provider, url, token, context, owner, repository}}; null when absent. */
    private StatusSettings status(JsonNode node, String at, String repositoryUrl) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      known(node, at, STATUS);
      String provider = required(node, at + "/provider");
      if (!StatusSettings.PROVIDERS.contains(provider)) {
        throw fail(
            at + "/provider", "'" + provider + "' is not one of " + StatusSettings.PROVIDERS);
      }
      String token = secret(node.path("token"), at + "/token");
      if (token == null && StatusSettings.needsToken(provider)) {
        throw fail(at + "/token", "required, as {env: NAME} or {file: PATH}");
      }
      StatusSettings settings =
          new StatusSettings(
              provider,
              node.path("url").asString(null),
              token,
              node.path("context").asString(null),
              node.path("owner").asString(null),
              node.path("repository").asString(null));
      if (StatusSettings.needsToken(provider)) {
        try {
          settings.publisher(repositoryUrl);
        } catch (IllegalArgumentException e) {
          throw fail(at, e.getMessage());
        }
      }
      return settings;
    }

    /** {@code {kubeconfig, context, namespace}}, each optional; null when absent. */
    private ClusterTarget cluster(JsonNode node, String at, String executor) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      if (!executor.equals("kubernetes")) {
        throw fail(at, "only for a repository with executor: kubernetes");
      }
      known(node, at, KUBERNETES);
      for (String field : KUBERNETES) {
        if (node.has(field)
            && (!node.get(field).isString() || node.get(field).asString().isBlank())) {
          throw fail(at + "/" + field, "must be a non-empty string");
        }
      }
      String namespace = node.path("namespace").asString(null);
      return new ClusterTarget(
          node.has("kubeconfig") ? Path.of(node.get("kubeconfig").asString()) : null,
          node.path("context").asString(null),
          namespace == null ? null : namespace(namespace, at + "/namespace"));
    }

    /** {@code namespace}, the value at {@code at}, if it may name a Kubernetes namespace. */
    private String namespace(String namespace, String at) {
      if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw fail(at, "'" + namespace + "' is not a namespace name (RFC 1123 label)");
      }
      return namespace;
    }

    /** {@code {username: NAME, password: {env: VAR} | {file: PATH}}}, or null when absent. */
    private GitCredentials credentials(JsonNode node, String at) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      known(node, at, CREDENTIALS);
      String password = secret(node.path("password"), at + "/password");
      if (password == null) {
        throw fail(at + "/password", "required, as {env: NAME} or {file: PATH}");
      }
      return new GitCredentials(required(node, at + "/username"), password);
    }

    /**
     * A secret from the environment or a file; an inline value is refused (it would sit in the
     * config, and in this error if it were quoted).
     */
    private String secret(JsonNode where, String at) {
      if (where.isMissingNode() || where.isNull()) {
        return null;
      }
      if (where.isString()) {
        throw fail(
            at, "write where the secret is, {env: NAME} or {file: PATH}, not the secret itself");
      }
      known(where, at, SECRET);
      if (where.path("env").isString()) {
        String name = where.get("env").asString();
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
          throw fail(at, "environment variable " + name + " is not set");
        }
        return value.strip();
      }
      if (where.path("file").isString()) {
        String path = where.get("file").asString();
        try {
          return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
          throw fail(at, "cannot read " + path + ": " + e.getMessage());
        }
      }
      throw fail(at, "expected {env: NAME} or {file: PATH}");
    }

    private String required(JsonNode node, String at) {
      String field = at.substring(at.lastIndexOf('/') + 1);
      if (!node.path(field).isString() || node.get(field).asString().isBlank()) {
        throw fail(at, "required");
      }
      return node.get(field).asString();
    }

    /** Refuses the fields of {@code node} that are not {@code allowed}: most likely typos. */
    private void known(JsonNode node, String at, List<String> allowed) {
      if (!node.isObject()) {
        throw fail(at, "expected a mapping");
      }
      for (String field : node.propertyNames()) {
        if (!allowed.contains(field)) {
          throw fail(at + "/" + field, "unknown field; expected one of " + allowed);
        }
      }
    }

    private static List<String> strings(JsonNode list) {
      return list.valueStream().map(JsonNode::asString).toList();
    }

    /** An error at the field {@code pointer} names, on its line (or its nearest parent's). */
    private UsageException fail(String pointer, String message) {
      String at = pointer;
      Integer line = document.fieldLines().get(at);
      while (line == null && !at.isEmpty()) {
        at = at.substring(0, at.lastIndexOf('/'));
        line = document.fieldLines().get(at);
      }
      return new UsageException(
          file
              + ":"
              + (line == null ? document.line() : line)
              + ": "
              + Problem.fieldName(pointer)
              + ": "
              + message);
    }
  }
}
