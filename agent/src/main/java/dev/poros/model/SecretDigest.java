package dev.poros.model;

/**
 * A keyed digest of secret values: lets a content hash change when a secret changes without the
 * hash becoming a way to guess the secret.
 */
@FunctionalInterface
public interface SecretDigest {
  String digest(SecretData secrets);
}
