package dev.poros.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's and Gitea's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the
 * body under the shared secret, compared in constant time.
 */
public final class WebhookSignature {
  private final byte[] secret;

  public WebhookSignature(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  boolean verifies(byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    byte[] expected =
        ("sha256=" + HexFormat.of().formatHex(hmac(body))).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
  }

  /** The header value for {@code body}, for senders (and tests). */
  public String sign(byte[] body) {
    return "sha256=" + hex(body);
  }

  /** The hex HMAC-SHA256 of {@code body} under the secret. */
  String hex(byte[] body) {
    return HexFormat.of().formatHex(hmac(body));
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
