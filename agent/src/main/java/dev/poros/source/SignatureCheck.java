package dev.poros.source;

/**
 * What the signature of a commit says about it: {@code trusted} or not, and in one line why — the
 * signer and key when there is one, or what is missing or wrong.
 */
public record SignatureCheck(boolean trusted, String description) {
  static SignatureCheck trusted(String signer) {
    return new SignatureCheck(true, "signed by " + signer);
  }

  static SignatureCheck refused(String reason) {
    return new SignatureCheck(false, reason);
  }
}
