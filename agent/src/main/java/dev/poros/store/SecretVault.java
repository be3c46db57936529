package dev.poros.store;

import dev.poros.model.SecretData;
import dev.poros.model.SecretDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps secret values encrypted (AES-256-GCM) in the {@code secret_value} table under a key kept in
 * {@code <data-dir>/secret.key} (mode 0600, made on first start). Each ciphertext is bound to its
 * resource and field, so a value cannot be moved to another. Also the keyed digest that lets
 * content hashes follow secret changes without revealing them.
 */
public final class SecretVault implements SecretDigest {
  public static final String KEY_FILE = "secret.key";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecretKeySpec digestKey;
  private final SecureRandom random = new SecureRandom();

  private SecretVault(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.digestKey =
        new SecretKeySpec(
            hmac(new SecretKeySpec(keyBytes, "HmacSHA256"), "poros secret digest"), "HmacSHA256");
  }

  /** The vault of {@code dataDir}, creating its key on first use. */
  public static SecretVault open(Path dataDir) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: use theirs
        }
      }
      byte[] keyBytes = Base64.getDecoder().decode(Files.readString(file).strip());
      if (keyBytes.length != KEY_BYTES) {
        throw new StoreException("secret key " + file + " is not a 256-bit key", null);
      }
      return new SecretVault(keyBytes);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("cannot read secret key " + file + ": " + e.getMessage(), e);
    }
  }

  /** A vault with a key that lives only in memory, for offline validation. */
  public static SecretVault ephemeral() {
    byte[] keyBytes = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(keyBytes);
    return new SecretVault(keyBytes);
  }

  @Override
  public String digest(SecretData secrets) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(secrets.values())
        .forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
    return HexFormat.of().formatHex(hmac(digestKey, canonical.toString()));
  }

  /** Replaces the stored values of each resource (by key) with its secrets, as one batch. */
  public void store(Connection c, Map<String, SecretData> secretsByKey) throws SQLException {
    List<Object[]> forgotten = new ArrayList<>(secretsByKey.size());
    List<Object[]> sealedValues = new ArrayList<>();
    for (Map.Entry<String, SecretData> secrets : secretsByKey.entrySet()) {
      String resourceKey = secrets.getKey();
      forgotten.add(new Object[] {resourceKey});
      for (Map.Entry<String, String> entry : secrets.getValue().values().entrySet()) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed =
            crypt(
                Cipher.ENCRYPT_MODE,
                nonce,
                resourceKey,
                entry.getKey(),
                entry.getValue().getBytes(StandardCharsets.UTF_8));
        sealedValues.add(new Object[] {resourceKey, entry.getKey(), nonce, sealed});
      }
    }
    Rows.batch(c, "DELETE FROM secret_value WHERE resource_key = ?", forgotten);
    Rows.batch(
        c,
        "INSERT INTO secret_value (resource_key, pointer, nonce, ciphertext) VALUES (?, ?, ?, ?)",
        sealedValues);
  }

  public void forget(Connection c, String resourceKey) throws SQLException {
    Rows.update(c, "DELETE FROM secret_value WHERE resource_key = ?", resourceKey);
  }

  /** The decrypted values of {@code resourceKey}, for executors that hand them to what they run. */
  public SecretData load(Connection c, String resourceKey) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    Rows.query(
        c,
        "SELECT pointer, nonce, ciphertext FROM secret_value WHERE resource_key = ?",
        rs -> {
          String pointer = rs.getString(1);
          values.put(
              pointer,
              new String(
                  crypt(Cipher.DECRYPT_MODE, rs.getBytes(2), resourceKey, pointer, rs.getBytes(3)),
                  StandardCharsets.UTF_8));
          return null;
        },
        resourceKey);
    return new SecretData(values);
  }

  private byte[] crypt(int mode, byte[] nonce, String resourceKey, String pointer, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD((resourceKey + "\u0000" + pointer).getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new StoreException(
          "secret of "
              + resourceKey
              + " cannot be "
              + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted")
              + " (wrong secret.key?)",
          e);
    }
  }

  private static byte[] hmac(SecretKeySpec key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
