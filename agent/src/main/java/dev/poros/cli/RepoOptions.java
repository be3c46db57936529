package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.reconcile.Reconciler;
import dev.poros.source.CommitTrust;
import dev.poros.source.GitCredentials;
import dev.poros.source.RepoSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which repository, branch and folder a command works on. */
final class RepoOptions {
  @Option(
      names = {"--repo", "-r"},
      description = "Repository: a local path, file://, http(s):// or ssh:// URL.")
  String repo;

  @Option(
      names = {"--branch", "-b"},
      description = "Branch to follow (default: the remote's HEAD).")
  String branch;

  @Option(
      names = {"--path", "-p"},
      defaultValue = "",
      description = "Folder inside the repository (default: its root).")
  String path;

  @Option(
      names = "--include",
      split = ",",
      description = "Globs of manifest files, relative to --path (default: **/*.yaml,**/*.yml).")
  List<String> include = List.of();

  @Option(names = "--exclude", split = ",", description = "Globs of files to leave out.")
  List<String> exclude = List.of();

  @Option(
      names = "--executor",
      defaultValue = "local",
      description = "Executor: local or kubernetes (default: ${DEFAULT-VALUE}).")
  String executor;

  @Option(
      names = "--allow-empty",
      description =
          "Let a commit that declares no resources prune everything this repository applied"
              + " (refused otherwise, as a moved folder or a wrong branch looks the same).")
  boolean allowEmpty;

  @Option(
      names = "--max-file-bytes",
      defaultValue = "3145728",
      description =
          "Files bigger than this are not read: that file's problem (default: ${DEFAULT-VALUE},"
              + " 3 MiB).")
  long maxFileBytes;

  @Option(
      names = "--kubeconfig",
      description =
          "Kubeconfig for --executor kubernetes (default: $KUBECONFIG, ~/.kube/config, or the"
              + " pod's service account).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context (default: its current one).")
  String context;

  @Option(
      names = "--kube-namespace",
      description =
          "Namespace of instance-level resources and of objects that name none (default:"
              + " poros-system).")
  String kubeNamespace;

  @Option(
      names = "--kube-parallelism",
      defaultValue = "8",
      description =
          "How many independent resources the kubernetes executor applies at once (default:"
              + " ${DEFAULT-VALUE}).")
  int kubeParallelism;

  @Option(
      names = "--no-force-conflicts",
      description =
          "Report fields another manager owns instead of taking them (server-side apply without"
              + " force).")
  boolean noForceConflicts;

  @Option(
      names = "--git-username",
      description = "User name for a private http(s) remote (with --git-password-file).")
  String gitUsername;

  @Option(
      names = "--git-password-file",
      description = "File holding the password or token for a private http(s) remote.")
  Path gitPasswordFile;

  @Option(
      names = "--verify-keys-gpg",
      description =
          "Sync only commits signed by one of these OpenPGP public keys (a file as gpg --export"
              + " writes it; repeat for more).")
  List<Path> verifyKeysGpg = List.of();

  @Option(
      names = "--verify-keys-ssh",
      description =
          "Sync only commits signed by an SSH key this allowed_signers file allows for the"
              + " commit's committer.")
  Path verifyKeysSsh;

  @CommandLine.Mixin PolicyOptions policies;

  @Option(
      names = "--instance-fqdn",
      description =
          "The DataOS instance's public name: DataOsFqdn and DATAOS_FQDN (default: localhost;"
              + " poros.yaml's instance.fqdn for an agent).")
  String instanceFqdn;

  @Option(
      names = "--instance-registry",
      description =
          "Where the built-in stacks' images are, a registry and path (default:"
              + " docker.io/rubiklabs; poros.yaml's instance.registry for an agent).")
  String instanceRegistry;

  /** The reconciler of {@code wiring} for this repository's executor, set up as the flags say. */
  Reconciler reconciler(Wiring wiring) {
    return wiring
        .withPolicies(policies.standing())
        .withInstance(instance())
        .kubernetes(kubernetes())
        .reconciler(executor);
  }

  /** The instance the flags name, each part defaulting. */
  Wiring.Instance instance() {
    Wiring.Instance defaults = Wiring.Instance.DEFAULT;
    String fqdn = instanceFqdn == null ? defaults.fqdn() : instanceFqdn;
    String registry =
        instanceRegistry == null ? defaults.registry() : instanceRegistry.replaceAll("/+$", "");
    String fqdnProblem = Wiring.Instance.fqdnProblem(fqdn);
    if (fqdnProblem != null) {
      throw new UsageException("--instance-fqdn: " + fqdnProblem);
    }
    String registryProblem = Wiring.Instance.registryProblem(registry);
    if (registryProblem != null) {
      throw new UsageException("--instance-registry: " + registryProblem);
    }
    return new Wiring.Instance(fqdn, registry);
  }

  /** Where {@code --executor kubernetes} applies, as the flags say. */
  KubernetesSettings kubernetes() {
    return new KubernetesSettings(
        kubeconfig,
        context,
        kubeNamespace,
        !noForceConflicts,
        KubernetesSettings.DEFAULT_SHELL_IMAGE,
        kubeParallelism);
  }

  /** Which commits may be synced, as the {@code --verify-keys-…} flags say; null: any. */
  private CommitTrust trust() {
    if (verifyKeysGpg.isEmpty() && verifyKeysSsh == null) {
      return null;
    }
    List<Path> files = new ArrayList<>(verifyKeysGpg);
    if (verifyKeysSsh != null) {
      files.add(verifyKeysSsh);
    }
    for (Path file : files) {
      if (!CommitTrust.readable(file)) {
        throw new UsageException("cannot read the key file " + file);
      }
    }
    return new CommitTrust(verifyKeysGpg, verifyKeysSsh);
  }

  RepoSpec spec() {
    if (repo == null) {
      throw new UsageException(
          "--repo is required: a local path, file://, http(s):// or ssh:// URL");
    }
    if (maxFileBytes <= 0) {
      throw new UsageException("--max-file-bytes must be a positive number of bytes");
    }
    RepoSpec spec =
        new RepoSpec(repo, branch, path, include, exclude)
            .withGuards(allowEmpty, maxFileBytes)
            .withTrust(trust());
    if (gitPasswordFile == null) {
      return spec;
    }
    return spec.withCredentials(
        new GitCredentials(
            gitUsername == null ? "git" : gitUsername,
            SecretFile.read(gitPasswordFile, "--git-password-file")));
  }
}
