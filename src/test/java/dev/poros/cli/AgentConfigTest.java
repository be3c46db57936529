package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.apply.kubernetes.ClusterTarget;
import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.policy.AdmissionPolicy;
import dev.poros.schedule.LeaseSettings;
import dev.poros.schedule.WatchedRepository;
import dev.poros.server.ServerLimits;
import dev.poros.source.CommitTrust;
import dev.poros.source.GitCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path tmp;

  Path write(String yaml) throws IOException {
    return Files.writeString(tmp.resolve("poros.yaml"), yaml);
  }

  @Test
  void readsRepositoriesAndSecretsFromTheEnvironmentAndFiles() throws IOException {
    Files.writeString(tmp.resolve("token"), "tok\n");
    Path file =
        write(
            """
        listen: 127.0.0.1:9090
        webhookSecret: {env: HOOK}
        authToken: {file: %s}
        repositories:
          - name: platform
            url: https://git.example.com/platform.git
            branch: main
            path: deploy
            interval: 5m
            exclude: ['drafts/**']
          - url: /srv/git/team
        """
                .formatted(tmp.resolve("token")));

    AgentConfig config = AgentConfig.read(file, Map.of("HOOK", "s3cret")::get);

    assertThat(config.listen()).isEqualTo("127.0.0.1:9090");
    assertThat(config.webhookSecret()).isEqualTo("s3cret");
    assertThat(config.authToken()).isEqualTo("tok");
    assertThat(config.repositories()).hasSize(2);
    assertThat(config.repositories().get(0).name()).isEqualTo("platform");
    assertThat(config.repositories().get(0).interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.repositories().get(0).spec().path()).isEqualTo("deploy");
    assertThat(config.repositories().get(0).spec().exclude()).containsExactly("drafts/**");
    assertThat(config.repositories().get(1).name()).isEqualTo("repo-1");
    assertThat(config.repositories().get(1).interval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void refusesInlineSecretsMissingVariablesAndRepositoriesWithoutUrl() throws IOException {
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("webhookSecret: hunter2\nrepositories: [{url: /r}]\n"), n -> null))
        .hasMessageEndingWith(
            "webhookSecret: write where the secret is, {env: NAME} or {file: PATH}, not the secret itself")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("authToken: {env: NOPE}\nrepositories: [{url: /r}]\n"), n -> null))
        .hasMessageEndingWith("authToken: environment variable NOPE is not set");
    assertThatThrownBy(() -> AgentConfig.read(write("repositories:\n  - name: x\n"), n -> null))
        .hasMessageEndingWith("repositories[0].url: required");
    assertThatThrownBy(
            () -> AgentConfig.read(write("repositories: [{url: /r, interval: soon}]\n"), n -> null))
        .hasMessageEndingWith("repositories[0].interval: not a duration: soon");
  }

  @Test
  void eachRepositoryHasItsExecutorAndCredentialsFromTheEnvironment() throws IOException {
    Path file =
        write(
            """
        repositories:
          - name: private
            url: https://git.example.com/private.git
            executor: kubernetes
            credentials: {username: poros, password: {env: GIT_TOKEN}}
          - name: public
            url: https://git.example.com/public.git
        """);

    AgentConfig config = AgentConfig.read(file, Map.of("GIT_TOKEN", "tok-123")::get);

    assertThat(config.repositories().get(0).executor()).isEqualTo("kubernetes");
    assertThat(config.repositories().get(0).spec().credentials())
        .isEqualTo(new GitCredentials("poros", "tok-123"));
    assertThat(config.repositories().get(0).toString()).doesNotContain("tok-123");
    assertThat(config.repositories().get(1).executor()).isEqualTo("local");
    assertThat(config.repositories().get(1).spec().credentials()).isNull();

    assertThatThrownBy(
            () ->
                AgentConfig.read(write("repositories: [{url: /r, executor: cloud}]\n"), n -> null))
        .hasMessageEndingWith(
            "repositories[0].executor: 'cloud' is not one of [local, kubernetes]");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories: [{name: a, url: /r}, {name: a, url: /s}]\n"), n -> null))
        .hasMessageEndingWith("repositories[1].name: 'a' names another repository already");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories: [{url: /r, credentials: {username: u, password: hunter2}}]\n"),
                    n -> null))
        .hasMessageEndingWith(
            "repositories[0].credentials.password: write where the secret is, {env: NAME} or {file: PATH}, not the secret itself");
  }

  @Test
  void aTypoIsAnErrorAtItsFileLineAndField() throws IOException {
    Path file =
        write(
            """
        listen: 127.0.0.1:8080
        repositories:
          - name: platform
            url: /srv/git/platform
            interva: 30s
        """);

    assertThatThrownBy(() -> AgentConfig.read(file, n -> null))
        .hasMessage(
            file
                + ":5: repositories[0].interva: unknown field; expected one of [name, url, branch,"
                + " path, interval, include, exclude, executor, credentials, allowEmpty,"
                + " maxFileBytes, selfHeal, kubernetes, status, verify]");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories:\n  - url: /r\n    interval: soon\n"), n -> null))
        .hasMessage(file + ":3: repositories[0].interval: not a duration: soon");
    assertThatThrownBy(() -> AgentConfig.read(write("repositories: [\n"), n -> null))
        .hasMessageStartingWith(file + ":");
  }

  @Test
  void aLeaseNamesWhereAgentsTakeTurnsAndABadOneIsAnErrorAtItsField() throws IOException {
    Path file =
        write(
            """
        lease: {namespace: poros, name: poros-agent, duration: 20s, context: prod}
        repositories: [{url: /r}]
        """);
    LeaseSettings lease = AgentConfig.read(file, n -> null).lease();
    assertThat(lease.toString()).isEqualTo("poros/poros-agent");
    assertThat(lease.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(lease.cluster().context()).isEqualTo("prod");
    assertThat(AgentConfig.read(write("repositories: [{url: /r}]\n"), n -> null).lease()).isNull();

    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "lease: {namespace: poros, name: p, duration: 1s}\n"
                            + "repositories: [{url: /r}]\n"),
                    n -> null))
        .hasMessage(file + ":1: lease.duration: a lease of less than 2s cannot be renewed in time");
    assertThatThrownBy(
            () ->
                AgentConfig.read(write("lease: {name: p}\nrepositories: [{url: /r}]\n"), n -> null))
        .hasMessage(file + ":1: lease.namespace: required");
    // a namespace is checked as the repositories' kubernetes.namespace is: a label, no dots
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("lease: {namespace: a.b, name: p}\nrepositories: [{url: /r}]\n"),
                    n -> null))
        .hasMessage(file + ":1: lease.namespace: 'a.b' is not a namespace name (RFC 1123 label)");
  }

  @Test
  void verifyNamesTheTrustedKeysAndAKeyFileThatCannotBeReadIsAnErrorAtItsLine() throws IOException {
    Path gpg = Files.writeString(tmp.resolve("alice.asc"), "");
    Path ssh = Files.writeString(tmp.resolve("allowed_signers"), "");
    AgentConfig config =
        AgentConfig.read(
            write(
                "repositories:\n  - url: /r\n    verify:\n      mode: head\n      keys:\n"
                    + "        gpg: [{file: "
                    + gpg
                    + "}]\n        ssh: {allowedSigners: {file: "
                    + ssh
                    + "}}\n"),
            n -> null);
    assertThat(config.repositories().get(0).spec().trust())
        .isEqualTo(new CommitTrust(List.of(gpg), ssh));

    Path file =
        write(
            "repositories:\n  - url: /r\n    verify:\n      keys:\n        gpg:\n"
                + "          - file: /nowhere/alice.asc\n");
    assertThatThrownBy(() -> AgentConfig.read(file, n -> null))
        .hasMessage(
            file
                + ":6: repositories[0].verify.keys.gpg[0].file: cannot read the key file"
                + " /nowhere/alice.asc");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories:\n  - url: /r\n    verify: {mode: all, keys: {}}\n"),
                    n -> null))
        .hasMessageContaining("repositories[0].verify.mode: 'all' is not a mode Poros has");
  }

  @Test
  void policiesNameAFolderAndTheShippedOnesToTurnOffAndAnUnknownNameIsAnErrorAtItsLine()
      throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("policies"));
    Files.writeString(
        folder.resolve("own.yaml"),
        "name: own\nversion: v1\ntype: admission-policy\nadmission-policy:\n"
            + "  validations: [{expression: 'true'}]\n");
    AgentConfig config =
        AgentConfig.read(
            write(
                "repositories: [{url: /r}]\npolicies:\n  folder: "
                    + folder
                    + "\n  disable: [resources-have-owner]\n"),
            n -> null);
    assertThat(config.policies().policies())
        .extracting(AdmissionPolicy::name)
        .contains("own", "dataos-names")
        .doesNotContain("resources-have-owner");
    assertThat(AgentConfig.read(write("repositories: [{url: /r}]\n"), n -> null).policies())
        .as("absent: the flags decide")
        .isNull();

    Path file = write("repositories: [{url: /r}]\npolicies:\n  disable: [owners]\n");
    assertThatThrownBy(() -> AgentConfig.read(file, n -> null))
        .hasMessageStartingWith(
            file + ":3: policies.disable: no shipped policy is named owners; they are [");
  }

  @Test
  void theInstanceNamesItsHostAndRegistryEachDefaultingAndABadHostIsAnErrorAtItsLine()
      throws IOException {
    AgentConfig config =
        AgentConfig.read(
            write(
                "repositories: [{url: /r}]\ninstance:\n  fqdn: dataos.example.com\n"
                    + "  registry: registry.example.com/dataos/\n"),
            n -> null);
    assertThat(config.instance())
        .isEqualTo(new Wiring.Instance("dataos.example.com", "registry.example.com/dataos"));
    assertThat(AgentConfig.read(write("repositories: [{url: /r}]\n"), n -> null).instance())
        .isEqualTo(new Wiring.Instance("localhost", "docker.io/rubiklabs"));

    Path file = write("repositories: [{url: /r}]\ninstance:\n  fqdn: 'https://x/'\n");
    assertThatThrownBy(() -> AgentConfig.read(file, n -> null))
        .hasMessage(
            file + ":3: instance.fqdn: 'https://x/' is not a host name (e.g. dataos.example.com)");
  }

  @Test
  void limitsDefaultAndAreReadWithABadValueRefusedAtItsLine() throws IOException {
    AgentConfig defaults = AgentConfig.read(write("repositories:\n  - url: /r\n"), n -> null);
    assertThat(defaults.serverLimits()).isEqualTo(ServerLimits.DEFAULTS);
    assertThat(defaults.logCapBytes()).isEqualTo(10L * 1024 * 1024);

    AgentConfig set =
        AgentConfig.read(
            write(
                """
                repositories:
                  - url: /r
                limits:
                  bodyReaders: 8
                  minBodyRate: 512
                  idleTimeout: 30s
                  logBytes: 1048576
                """),
            n -> null);
    assertThat(set.serverLimits()).isEqualTo(new ServerLimits(8, 512, Duration.ofSeconds(30)));
    assertThat(set.logCapBytes()).isEqualTo(1048576);

    Path file = tmp.resolve("poros.yaml");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories:\n  - url: /r\nlimits:\n  bodyReaders: 0\n"), n -> null))
        .hasMessage(file + ":4: limits.bodyReaders: must be a whole number from 1 to 2147483647");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories:\n  - url: /r\nlimits:\n  logbytes: 10\n"), n -> null))
        .hasMessageStartingWith(file + ":4: limits.logbytes: unknown field");
  }

  @Test
  void aKubernetesRepositorySaysWhereItAppliesEachPartDefaultingToTheAgents() throws IOException {
    Path file =
        write(
            """
        repositories:
          - name: platform
            url: /srv/git/platform
            executor: kubernetes
            kubernetes: {kubeconfig: /etc/poros/kubeconfig, context: prod, namespace: platform}
          - name: team
            url: /srv/git/team
            executor: kubernetes
            kubernetes:
              namespace: team-a
          - name: plain
            url: /srv/git/plain
            executor: kubernetes
        """);

    AgentConfig config = AgentConfig.read(file, n -> null);

    assertThat(config.repositories())
        .extracting(WatchedRepository::cluster)
        .containsExactly(
            new ClusterTarget(Path.of("/etc/poros/kubeconfig"), "prod", "platform"),
            new ClusterTarget(null, null, "team-a"),
            null);
    KubernetesSettings agents =
        new KubernetesSettings(Path.of("/home/me/.kube/config"), "dev", "poros-system", false);
    assertThat(agents.at(config.repositories().get(1).cluster()))
        .isEqualTo(
            new KubernetesSettings(Path.of("/home/me/.kube/config"), "dev", "team-a", false));
    assertThat(agents.at(null)).isSameAs(agents);
  }

  @Test
  void aKubernetesBlockIsCheckedAndNamesTheLineOfWhatIsWrong() throws IOException {
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write("repositories:\n  - url: /r\n    kubernetes: {namespace: x}\n"),
                    n -> null))
        .hasMessageEndingWith(
            "poros.yaml:3: repositories[0].kubernetes: only for a repository with executor:"
                + " kubernetes");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories:\n  - url: /r\n    executor: kubernetes\n"
                            + "    kubernetes:\n      namespace: Team_A\n"),
                    n -> null))
        .hasMessageEndingWith(
            "poros.yaml:5: repositories[0].kubernetes.namespace: 'Team_A' is not a namespace"
                + " name (RFC 1123 label)");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories:\n  - url: /r\n    executor: kubernetes\n"
                            + "    kubernetes: {cluster: prod}\n"),
                    n -> null))
        .hasMessageContaining("poros.yaml:4: repositories[0].kubernetes.cluster: unknown field");
  }

  @Test
  void aRepositorysCommitStatusesGoWhereItsStatusBlockSaysTheTokenFromTheEnvironment()
      throws IOException {
    Path file =
        write(
            """
        externalUrl: https://poros.example.com
        repositories:
          - name: platform
            url: https://git.example.com/data/platform.git
            status:
              provider: gitea
              token: {env: FORGE_TOKEN}
          - name: team
            url: https://github.com/acme/team.git
            status: {provider: github, token: {env: FORGE_TOKEN}, context: ci/poros}
        """);

    AgentConfig config = AgentConfig.read(file, Map.of("FORGE_TOKEN", "t0ken-v4lue")::get);

    assertThat(config.externalUrl()).isEqualTo("https://poros.example.com");
    var platform = config.repositories().get(0).status();
    assertThat(platform.provider()).isEqualTo("gitea");
    assertThat(platform.token()).isEqualTo("t0ken-v4lue");
    assertThat(platform.contextFor("platform")).isEqualTo("poros/platform");
    assertThat(platform.toString()).doesNotContain("t0ken-v4lue");
    assertThat(config.repositories().get(1).status().contextFor("team")).isEqualTo("ci/poros");
    assertThat(
            config
                .repositories()
                .get(1)
                .status()
                .publisher("https://github.com/acme/team.git")
                .provider())
        .isEqualTo("github");
  }

  @Test
  void aStatusBlockWithoutATokenOrWithAnUnknownProviderIsRefusedAtItsLine() throws IOException {
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories:\n  - url: https://git.example.com/a/b.git\n"
                            + "    status:\n      provider: gitea\n"),
                    n -> null))
        .hasMessageEndingWith(
            "poros.yaml:3: repositories[0].status.token: required, as {env: NAME} or {file: PATH}");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories:\n  - url: https://git.example.com/a/b.git\n"
                            + "    status:\n      provider: bitbucket\n"),
                    n -> null))
        .hasMessageEndingWith(
            "poros.yaml:4: repositories[0].status.provider: 'bitbucket' is not one of [gitea, github, gitlab, git-notes]");
    assertThatThrownBy(
            () ->
                AgentConfig.read(
                    write(
                        "repositories:\n  - url: /srv/git/local\n"
                            + "    status: {provider: gitea, token: {env: T}}\n"),
                    Map.of("T", "x")::get))
        .hasMessageEndingWith(
            "repositories[0].status: cannot tell the forge's address from /srv/git/local: give it (status.url)");
  }
}
