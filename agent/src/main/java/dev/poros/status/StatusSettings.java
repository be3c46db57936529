package dev.poros.status;

import dev.poros.source.RepoSpec;
import dev.poros.status.forge.ForgeApi;
import dev.poros.status.forge.ForgePullRequests;
import dev.poros.status.forge.ForgeRepository;
import dev.poros.status.forge.ForgeStatuses;
import dev.poros.status.gitnotes.GitNotes;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a repository's commit statuses go: the provider ({@code gitea} — also Forgejo — {@code
 * github}, {@code gitlab}, or {@code git-notes}: notes pushed to the repository itself), the
 * forge's address ({@code null}: the repository URL's), the token, the context ({@code null}:
 * {@code poros/<repository name>}), and the owner and repository name on the forge ({@code null}:
 * from the repository URL).
 */
public record StatusSettings(
    String provider, String url, String token, String context, String owner, String repository) {
  public static final List<String> PROVIDERS = List.of("gitea", "github", "gitlab", "git-notes");

  /** Whether this provider needs a token of its own ({@code git-notes} pushes as the source). */
  public static boolean needsToken(String provider) {
    return !provider.equals("git-notes");
  }

  /** The context for {@code repositoryName}'s statuses. */
  public String contextFor(String repositoryName) {
    return context == null || context.isBlank() ? "poros/" + repositoryName : context;
  }

  /**
   * The publisher for the repository {@code spec} follows ({@code notesDir}: where {@code
   * git-notes} keeps its repository); an {@link IllegalArgumentException} says what is missing.
   */
  public StatusPublisher publisher(RepoSpec spec, Path notesDir) {
    if (provider.equals("git-notes")) {
      return new GitNotes(spec.url(), spec.credentials(), notesDir);
    }
    return publisher(spec.url());
  }

  /**
   * The publisher of a forge for the repository at {@code repositoryUrl}; an {@link
   * IllegalArgumentException} says what is missing.
   */
  public StatusPublisher publisher(String repositoryUrl) {
    return new ForgeStatuses(api(repositoryUrl));
  }

  /**
   * The pull requests of the repository at {@code repositoryUrl} on its forge, for previews; null
   * for {@code git-notes}, which has none.
   */
  public PullRequests pullRequests(String repositoryUrl) {
    return provider.equals("git-notes") ? null : new ForgePullRequests(api(repositoryUrl));
  }

  private ForgeApi api(String repositoryUrl) {
    ForgeRepository fromUrl =
        owner != null && repository != null
            ? new ForgeRepository(owner, repository)
            : ForgeRepository.fromUrl(repositoryUrl);
    ForgeRepository target =
        new ForgeRepository(
            owner == null ? fromUrl.owner() : owner,
            repository == null ? fromUrl.name() : repository);
    URI base =
        url == null || url.isBlank() ? ForgeRepository.origin(repositoryUrl) : URI.create(url);
    return switch (provider) {
      case "gitea" -> ForgeApi.gitea(base, target, token);
      case "github" -> ForgeApi.github(base, target, token);
      case "gitlab" ->
          ForgeApi.gitlab(
              base,
              owner != null && repository != null
                  ? owner + "/" + repository
                  : ForgeRepository.projectPath(repositoryUrl),
              token);
      default ->
          throw new IllegalArgumentException(
              "status provider '" + provider + "' is not one of " + PROVIDERS);
    };
  }

  /** Never the token: records print themselves in logs and errors. */
  @Override
  public String toString() {
    return "StatusSettings[provider=" + provider + ", url=" + url + ", context=" + context + "]";
  }
}
