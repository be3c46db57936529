package dev.poros.source;

import java.util.Optional;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;

/** Decides whether a commit may be synced under a repository's {@link CommitTrust}. */
public final class CommitVerifier {
  private final GpgSignatures gpg = new GpgSignatures();
  private final SshSignatures ssh = new SshSignatures();

  SignatureCheck check(Repository repository, RevCommit commit, CommitTrust trust) {
    Optional<SignedCommit> signed = SignedCommit.of(commit);
    String shortId = commit.name().substring(0, 7);
    if (signed.isEmpty()) {
      return SignatureCheck.refused(
          "commit "
              + shortId
              + " by "
              + commit.getCommitterIdent().getEmailAddress()
              + " is not signed");
    }
    // JGit tells the kinds apart by their armour, as git does
    GpgConfig.GpgFormat format = SignatureVerifiers.getFormat(signed.get().signature());
    if (format == GpgConfig.GpgFormat.OPENPGP) {
      return trust.gpgKeyFiles().isEmpty()
          ? SignatureCheck.refused(
              "commit " + shortId + " has a GPG signature, and no GPG keys are trusted")
          : gpg.check(signed.get(), trust.gpgKeyFiles());
    }
    if (format == GpgConfig.GpgFormat.SSH) {
      return trust.sshAllowedSigners() == null
          ? SignatureCheck.refused(
              "commit " + shortId + " has an SSH signature, and no SSH signers are allowed")
          : ssh.check(repository, signed.get(), trust.sshAllowedSigners());
    }
    return SignatureCheck.refused(
        "commit " + shortId + " has a signature of a kind Poros does not check (only GPG and SSH)");
  }
}
