package dev.poros.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which commits a repository's syncs accept ({@code verify} in {@code poros.yaml}): the commit to
 * be synced (its head — earlier commits in its history are not checked, as with Flux) must carry a
 * good signature by one of the OpenPGP keys in {@code gpgKeyFiles} (armored or binary public keys,
 * as {@code gpg --export} writes them), or by an SSH key that {@code sshAllowedSigners} (the {@code
 * allowed_signers} format of {@code ssh-keygen}) allows for the commit's committer.
 */
public record CommitTrust(List<Path> gpgKeyFiles, Path sshAllowedSigners) {
  public CommitTrust {
    gpgKeyFiles = List.copyOf(gpgKeyFiles);
    if (gpgKeyFiles.isEmpty() && sshAllowedSigners == null) {
      throw new IllegalArgumentException(
          "verify needs keys: at least one GPG key file or an SSH allowed signers file");
    }
  }

  /** Whether {@code file} can be read as a key file now. */
  public static boolean readable(Path file) {
    return Files.isRegularFile(file) && Files.isReadable(file);
  }
}
