package dev.poros.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;

/**
 * Checks SSH commit signatures with JGit's verifier against an {@code allowed_signers} file (which
 * JGit reads again when it changes). JGit accepts a key for any principal the file lists it under;
 * Poros also requires one of those principals to be the committer's email, so a key trusted for one
 * person cannot vouch for commits in another's name.
 */
final class SshSignatures {
  SignatureCheck check(Repository repository, SignedCommit commit, Path allowedSigners) {
    Config config = new Config();
    config.setString(
        "gpg", "ssh", "allowedSignersFile", allowedSigners.toAbsolutePath().toString());
    SignatureVerifier.SignatureVerification verification;
    try {
      verification =
          SignatureVerifiers.get(GpgConfig.GpgFormat.SSH)
              .verify(repository, new GpgConfig(config), commit.payload(), commit.signature());
    } catch (IOException | RuntimeException e) {
      throw new SourceException(
          "cannot check the SSH signature of commit " + commit.shortId() + ": " + e.getMessage(),
          e);
    }
    String key = "SSH key " + verification.keyFingerprint();
    if (!verification.verified()) {
      return SignatureCheck.refused(
          "commit "
              + commit.shortId()
              + " is signed by "
              + key
              + ", which is not trusted: "
              + verification.message());
    }
    String committer = commit.committer().getEmailAddress();
    if (!anyMatches(verification.keyUser(), committer)) {
      return SignatureCheck.refused(
          "commit "
              + commit.shortId()
              + " is signed by "
              + key
              + ", which is allowed for "
              + verification.keyUser()
              + ", not for its committer "
              + committer);
    }
    return SignatureCheck.trusted(committer + " (" + key + ")");
  }

  /**
   * Whether one of the comma-separated principal patterns ({@code *}, {@code ?}) is {@code email}.
   */
  private static boolean anyMatches(String principals, String email) {
    if (principals == null || email == null) {
      return false;
    }
    for (String principal : principals.split(",")) {
      String glob = principal.trim();
      StringBuilder regex = new StringBuilder();
      for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
        regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
      }
      if (!glob.startsWith("!") && Pattern.matches(regex.toString(), email)) {
        return true;
      }
    }
    return false;
  }
}
