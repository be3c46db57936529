package dev.poros.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real signing keys made by Debian's {@code gpg} and {@code ssh-keygen}, and commits signed with
 * them by the real {@code git commit -S}: what users of signed commits do.
 */
public final class Signers implements AutoCloseable {
  private final Path dir;
  private final Path gnupgHome;

  public Signers(Path dir) {
    try {
      this.dir = Files.createDirectories(dir);
      this.gnupgHome = dir.resolve("gnupg");
      Files.createDirectories(
          gnupgHome,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Someone who signs: a name and email, and how {@code git} is told to sign as them. */
  public record Signer(String name, String email, List<String> gitConfig, Path publicKey) {}

  /** A new OpenPGP key (ed25519, no passphrase); its public key exported, armored, to a file. */
  public Signer gpg(String name, String email) {
    run(
        List.of(
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-gen-key",
            name + " <" + email + ">",
            "ed25519",
            "sign",
            "never"));
    Path exported = dir.resolve(email + ".asc");
    run(List.of("gpg", "--batch", "--armor", "--output", exported.toString(), "--export", email));
    return new Signer(name, email, List.of("-c", "user.signingkey=" + email), exported);
  }

  /** A new SSH key (ed25519, no passphrase); {@code publicKey} is its {@code .pub} file. */
  public Signer ssh(String name, String email) {
    Path key = dir.resolve(email.replace('@', '_'));
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", key.toString()));
    return new Signer(
        name,
        email,
        List.of("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key),
        Path.of(key + ".pub"));
  }

  /** An {@code allowed_signers} line: {@code principal} may sign with {@code signer}'s key. */
  public static String allowedSigner(String principal, Signer signer) {
    try {
      return principal + " " + Files.readString(signer.publicKey()).strip() + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits everything in {@code repo}'s working tree as {@code committer}, signed with {@code
   * key}'s key (null: unsigned) by {@code git commit -S}; returns the commit id.
   */
  public String commit(TestRepo repo, String message, Signer committer, Signer key) {
    run(repo.dir(), List.of("git", "add", "-A"));
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=" + committer.name(),
                "-c",
                "user.email=" + committer.email()));
    if (key != null) {
      command.addAll(key.gitConfig());
    }
    command.addAll(
        List.of(
            "commit", "-q", "--allow-empty", key == null ? "--no-gpg-sign" : "-S", "-m", message));
    run(repo.dir(), command);
    return run(repo.dir(), List.of("git", "rev-parse", "HEAD")).strip();
  }

  /** Stops the {@code gpg-agent} that {@code gpg} started for this home. */
  @Override
  public void close() {
    run(List.of("gpgconf", "--kill", "all"));
  }

  private String run(List<String> command) {
    return run(dir, command);
  }

  private String run(Path in, List<String> command) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("GNUPGHOME", gnupgHome.toString());
      env.put("GIT_CONFIG_NOSYSTEM", "1");
      env.put("GIT_CONFIG_GLOBAL", "/dev/null");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
