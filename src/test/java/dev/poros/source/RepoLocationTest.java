package dev.poros.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Webhooks name repositories in their own way; the agent must still know its own. */
class RepoLocationTest {
  @Test
  void theSameRepositoryWrittenAsForgesWriteIt() {
    RepoLocation https = RepoLocation.parse("https://github.com/Acme/Deploy.git");

    assertThat(https.sameRepository("git@github.com:acme/deploy.git")).isTrue();
    assertThat(https.sameRepository("ssh://git@github.com:22/acme/deploy")).isTrue();
    assertThat(https.sameRepository("https://github.com/acme/deploy/")).isTrue();
    assertThat(https.sameRepository("http://github.com:443/acme/deploy")).isTrue();
    assertThat(RepoLocation.parse("/srv/git/deploy").sameRepository("/srv/git/deploy")).isTrue();
  }

  @Test
  void otherRepositoriesAndHostsAreNotIt() {
    RepoLocation https = RepoLocation.parse("https://github.com/acme/deploy.git");

    assertThat(https.sameRepository("https://github.com/acme/deploy-staging")).isFalse();
    assertThat(https.sameRepository("https://gitlab.com/acme/deploy")).isFalse();
    assertThat(https.sameRepository("git@github.com:other/deploy.git")).isFalse();
  }

  @Test
  void credentialsInAnHttpUrlAreTakenOutOfTheSpec() {
    RepoSpec spec = RepoSpec.of("https://poros:t%40ken@git.example.com/deploy.git", null, "");

    assertThat(spec.url()).isEqualTo("https://git.example.com/deploy.git");
    assertThat(spec.credentials()).isEqualTo(new GitCredentials("poros", "t@ken"));
    assertThat(spec.toString()).doesNotContain("t@ken").doesNotContain("t%40ken");
    assertThat(RepoSpec.of("git@github.com:acme/deploy.git", null, "").url())
        .as("an ssh user name is no secret")
        .isEqualTo("git@github.com:acme/deploy.git");
  }
}
