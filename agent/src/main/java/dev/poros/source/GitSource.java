package dev.poros.source;

import dev.poros.model.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The Git source: keeps one bare mirror per repository under {@code mirrorsDir}, fetches its
 * branches and tags, and reads commits from the mirror's object database without a checkout — so a
 * local working repository is read at its committed state, never its working tree.
 */
public final class GitSource implements Source, AutoCloseable {
  /**
   * Branches, tags, and pull (merge) request heads as GitHub, Gitea and GitLab publish them, so
   * that a pull request's head can be planned ({@code --ref refs/pull/N/head}) from the mirror.
   */
  private static final List<RefSpec> MIRRORED =
      List.of(
          new RefSpec("+refs/heads/*:refs/heads/*"),
          new RefSpec("+refs/tags/*:refs/tags/*"),
          new RefSpec("+refs/pull/*/head:refs/pull/*/head"),
          new RefSpec("+refs/merge-requests/*/head:refs/merge-requests/*/head"));

  private static final int TIMEOUT_SECONDS = 60;

  private final Path mirrorsDir;
  private final CommitVerifier verifier;
  private final Map<String, Repository> open = new ConcurrentHashMap<>();
  private final FileListings listings = new FileListings();

  public GitSource(Path mirrorsDir) {
    this(mirrorsDir, new CommitVerifier());
  }

  public GitSource(Path mirrorsDir, CommitVerifier verifier) {
    this.mirrorsDir = mirrorsDir;
    this.verifier = verifier;
  }

  @Override
  public Snapshot snapshot(RepoSpec spec, String ref, String lastCommit) {
    RepoLocation location = RepoLocation.parse(spec.url());
    location.requireReachable();
    Repository mirror = mirror(location);
    CredentialsProvider credentials =
        spec.credentials() == null
            ? null
            : new UsernamePasswordCredentialsProvider(
                spec.credentials().username(), spec.credentials().password());
    String branch = spec.branch() != null ? spec.branch() : remoteHead(location, credentials);
    fetch(mirror, location, credentials);
    try (RevWalk walk = new RevWalk(mirror)) {
      pointHeadAt(mirror, branch);
      RevCommit commit = walk.parseCommit(resolve(mirror, ref != null ? ref : branch, location));
      requireFolder(mirror, commit, spec.path(), branch, location);
      return new Snapshot(
          commit.name(),
          branch,
          commit.getShortMessage(),
          commit.getAuthorIdent().getName(),
          listings.list(location.url(), mirror, commit.getTree(), spec),
          changedPaths(mirror, walk, lastCommit, commit),
          new GitFileReader(mirror, commit, spec.maxFileBytes()),
          spec.trust() == null ? null : verifier.check(mirror, commit, spec.trust()));
    } catch (IOException e) {
      throw new SourceException("cannot read " + location.url() + ": " + e.getMessage(), e);
    }
  }

  private Repository mirror(RepoLocation location) {
    return open.computeIfAbsent(
        location.url(),
        url -> {
          Path dir = mirrorsDir.resolve(location.mirrorName());
          try {
            Files.createDirectories(mirrorsDir);
            Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!Files.exists(dir.resolve("objects"))) {
              repo.create(true);
            }
            return repo;
          } catch (IOException e) {
            throw new SourceException("cannot create mirror " + dir + ": " + e.getMessage(), e);
          }
        });
  }

  private static void fetch(
      Repository mirror, RepoLocation location, CredentialsProvider credentials) {
    try {
      Git.wrap(mirror)
          .fetch()
          .setRemote(location.url())
          .setRefSpecs(MIRRORED)
          .setRemoveDeletedRefs(true)
          .setCredentialsProvider(credentials)
          .setTimeout(TIMEOUT_SECONDS)
          .call();
    } catch (GitAPIException | JGitInternalException e) {
      throw new SourceException(
          "cannot fetch " + location.url() + ": " + rootMessage(e, location), e);
    }
  }

  /**
   * Makes the mirror's HEAD the followed branch, so refs like {@code HEAD~1} mean what users
   * expect.
   */
  private static void pointHeadAt(Repository mirror, String branch) throws IOException {
    Ref head = mirror.exactRef(Constants.HEAD);
    String target = Constants.R_HEADS + branch;
    if (head == null || !head.isSymbolic() || !head.getTarget().getName().equals(target)) {
      RefUpdate update = mirror.updateRef(Constants.HEAD);
      update.disableRefLog();
      update.link(target);
    }
  }

  /** The branch the remote's HEAD points at, as {@code git clone} picks it. */
  private static String remoteHead(RepoLocation location, CredentialsProvider credentials) {
    Map<String, Ref> refs;
    try {
      refs =
          Git.lsRemoteRepository()
              .setRemote(location.url())
              .setCredentialsProvider(credentials)
              .setTimeout(TIMEOUT_SECONDS)
              .callAsMap();
    } catch (GitAPIException e) {
      throw new SourceException(
          "cannot reach " + location.url() + ": " + rootMessage(e, location), e);
    }
    Ref head = refs.get(Constants.HEAD);
    if (head == null) {
      throw new SourceException(location.url() + " has no HEAD: give a branch");
    }
    if (head.isSymbolic()) {
      return Repository.shortenRefName(head.getTarget().getName());
    }
    return refs.values().stream()
        .filter(r -> r.getName().startsWith(Constants.R_HEADS))
        .filter(r -> head.getObjectId().equals(r.getObjectId()))
        .map(r -> Repository.shortenRefName(r.getName()))
        .min((a, b) -> Boolean.compare(!isUsualDefault(a), !isUsualDefault(b)))
        .orElseThrow(() -> new SourceException(location.url() + " HEAD is on no branch: give one"));
  }

  private static boolean isUsualDefault(String branch) {
    return branch.equals("main") || branch.equals("master");
  }

  private static ObjectId resolve(Repository mirror, String ref, RepoLocation location)
      throws IOException {
    for (String candidate : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
      ObjectId id = mirror.resolve(candidate + "^{commit}");
      if (id != null) {
        return id;
      }
    }
    throw new SourceException("no branch, tag or commit '" + ref + "' in " + location.url());
  }

  /**
   * A folder the commit does not have is a failed sync, never a commit that declares nothing: a
   * renamed folder or a branch without it must not prune what the folder declared.
   */
  private static void requireFolder(
      Repository repo, RevCommit commit, String folder, String branch, RepoLocation location)
      throws IOException {
    if (folder.isEmpty()) {
      return;
    }
    try (TreeWalk walk = TreeWalk.forPath(repo, folder, commit.getTree())) {
      if (walk == null || !walk.isSubtree()) {
        throw new SourceException(
            "path '"
                + folder
                + "' does not exist in commit "
                + commit.abbreviate(7).name()
                + " of "
                + location.url()
                + " (branch "
                + branch
                + "): nothing synced, nothing pruned");
      }
    }
  }

  private static Set<String> changedPaths(
      Repository repo, RevWalk walk, String lastCommit, RevCommit commit) throws IOException {
    if (lastCommit == null) {
      return null;
    }
    ObjectId last = ObjectId.fromString(lastCommit);
    if (!repo.getObjectDatabase().has(last)) {
      return null;
    }
    Set<String> changed = new HashSet<>();
    try (TreeWalk diff = new TreeWalk(repo)) {
      diff.addTree(walk.parseCommit(last).getTree());
      diff.addTree(commit.getTree());
      diff.setRecursive(true);
      diff.setFilter(TreeFilter.ANY_DIFF);
      while (diff.next()) {
        changed.add(diff.getPathString());
      }
    }
    return changed;
  }

  /** JGit's message without the URL it starts with (ours names it), and its root cause. */
  private static String rootMessage(Throwable e, RepoLocation location) {
    Throwable t = Failures.rootCause(e);
    String message = withoutUrl(e.getMessage(), location);
    String root = withoutUrl(t.getMessage(), location);
    if (message.contains("no CredentialsProvider has been registered")) {
      return "the remote asks for credentials and none were given";
    }
    return t == e || message.contains(root) ? message : message + " (" + root + ")";
  }

  private static String withoutUrl(String message, RepoLocation location) {
    String text = String.valueOf(message);
    return text.startsWith(location.url() + ": ")
        ? text.substring(location.url().length() + 2)
        : text;
  }

  @Override
  public void close() {
    open.values().forEach(Repository::close);
    open.clear();
  }

  /** Reads blobs of one commit from the mirror, none bigger than {@code maxBytes}. */
  private record GitFileReader(Repository repo, RevCommit commit, long maxBytes)
      implements FileReader {
    @Override
    public byte[] read(SourceFile file) {
      try {
        // the size comes from the object's header: a huge blob is refused before it is inflated
        ObjectLoader blob = repo.open(ObjectId.fromString(file.blobId()), Constants.OBJ_BLOB);
        if (blob.getSize() > maxBytes) {
          throw new FileTooLargeException(blob.getSize(), maxBytes);
        }
        return blob.getCachedBytes((int) Math.min(maxBytes, Integer.MAX_VALUE));
      } catch (IOException e) {
        throw new SourceException("cannot read " + file.path() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Optional<SourceFile> find(String path) {
      try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
        if (walk == null || walk.isSubtree()) {
          return Optional.empty();
        }
        return Optional.of(new SourceFile(path, walk.getObjectId(0).name()));
      } catch (IOException e) {
        throw new SourceException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
