package dev.poros.status.gitnotes;

import dev.poros.source.GitCredentials;
import dev.poros.status.CommitStatus;
import dev.poros.status.StatusException;
import dev.poros.status.StatusPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.notes.Note;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Commit statuses as Git notes, which any Git server keeps: each synced commit's result in a note
 * under {@code refs/notes/poros}, one line per context, pushed with the repository's credentials
 * and read with {@code git log --notes=poros}. Poros writes them in a bare repository of its own
 * (the source's mirror stays a mirror), fetching the notes and the branches first, so that notes
 * written meanwhile are kept; a push that lost such a race is tried again.
 */
public final class GitNotes implements StatusPublisher {
  public static final String REF = "refs/notes/poros";
  private static final int TIMEOUT_SECONDS = 30;

  private final String url;
  private final CredentialsProvider credentials;
  private final Path dir;

  /** Notes for the repository at {@code url}, written in the bare repository {@code dir}. */
  public GitNotes(String url, GitCredentials credentials, Path dir) {
    this.url = url;
    this.credentials =
        credentials == null
            ? null
            : new UsernamePasswordCredentialsProvider(
                credentials.username(), credentials.password());
    this.dir = dir;
  }

  @Override
  public String provider() {
    return "git-notes";
  }

  @Override
  public synchronized void publish(CommitStatus status) throws StatusException {
    try (Repository repo = open();
        Git git = Git.wrap(repo)) {
      fetch(git);
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(ObjectId.fromString(status.commit()));
        Note existing = git.notesShow().setNotesRef(REF).setObjectId(commit).call();
        String text =
            note(
                existing == null
                    ? ""
                    : new String(repo.open(existing.getData()).getBytes(), "UTF-8"),
                status);
        git.notesAdd().setNotesRef(REF).setObjectId(commit).setMessage(text).call();
      }
      push(git);
    } catch (MissingObjectException e) {
      throw new StatusException(
          "commit " + status.commit() + " is on no branch of " + url + " any more", false);
    } catch (TransportException e) {
      throw new StatusException("cannot reach " + url + ": " + e.getMessage(), true);
    } catch (GitAPIException | IOException e) {
      throw new StatusException("cannot write a note in " + dir + ": " + e.getMessage(), true);
    }
  }

  /** The note with {@code status}'s line for its context, in place of any earlier one. */
  static String note(String existing, CommitStatus status) {
    String prefix = status.context() + ": ";
    List<String> lines = new ArrayList<>();
    existing.lines().filter(l -> !l.isBlank() && !l.startsWith(prefix)).forEach(lines::add);
    lines.add(
        prefix
            + status.state().word()
            + " — "
            + status.description()
            + (status.targetUrl().isEmpty() ? "" : " (" + status.targetUrl() + ")"));
    return String.join("\n", lines) + "\n";
  }

  private Repository open() throws IOException {
    Files.createDirectories(dir);
    Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    if (!Files.exists(dir.resolve("objects"))) {
      repo.create(true);
      StoredConfig config = repo.getConfig();
      config.setString("user", null, "name", "Poros");
      config.setString("user", null, "email", "poros@localhost");
      config.save();
    }
    return repo;
  }

  /** The branches (for the commits) and the notes, as the remote has them now. */
  private void fetch(Git git) throws GitAPIException {
    git.fetch()
        .setRemote(url)
        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
        .setCredentialsProvider(credentials)
        .setTimeout(TIMEOUT_SECONDS)
        .call();
    boolean remoteHasNotes =
        git
            .lsRemote()
            .setRemote(url)
            .setCredentialsProvider(credentials)
            .setTimeout(TIMEOUT_SECONDS)
            .call()
            .stream()
            .anyMatch(r -> r.getName().equals(REF));
    if (remoteHasNotes) {
      git.fetch()
          .setRemote(url)
          .setRefSpecs(new RefSpec("+" + REF + ":" + REF))
          .setCredentialsProvider(credentials)
          .setTimeout(TIMEOUT_SECONDS)
          .call();
    }
  }

  private void push(Git git) throws GitAPIException, StatusException {
    for (PushResult result :
        git.push()
            .setRemote(url)
            .setRefSpecs(new RefSpec(REF + ":" + REF))
            .setCredentialsProvider(credentials)
            .setTimeout(TIMEOUT_SECONDS)
            .call()) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        RemoteRefUpdate.Status outcome = update.getStatus();
        if (outcome != RemoteRefUpdate.Status.OK && outcome != RemoteRefUpdate.Status.UP_TO_DATE) {
          // most often another writer's notes landed first: the next try fetches them
          throw new StatusException(
              "push of "
                  + REF
                  + " to "
                  + url
                  + " was "
                  + outcome
                  + (update.getMessage() == null ? "" : ": " + update.getMessage()),
              true);
        }
      }
    }
  }
}
