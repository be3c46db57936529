package dev.poros.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks OpenPGP commit signatures against the public keys in the trusted key files, with
 * BouncyCastle (the version JGit's {@code gpg.bc} brings). Not JGit's own verifier: that one looks
 * keys up in the user's GnuPG home, and a repository's trusted keys are files of its own. Each file
 * is read again when its size or modification time changes, so keys can be added without a restart.
 */
final class GpgSignatures {
  // made at the first check: registering BouncyCastle's algorithms costs every process a quarter
  // of a second, and most repositories verify nothing
  private Provider provider;
  private final Map<Path, KeyFile> files = new ConcurrentHashMap<>();

  private record KeyFile(FileTime modified, long size, List<PGPPublicKeyRing> rings) {}

  private synchronized Provider provider() {
    if (provider == null) {
      provider = new BouncyCastleProvider();
    }
    return provider;
  }

  SignatureCheck check(SignedCommit commit, List<Path> keyFiles) {
    PGPSignature signature = signature(commit);
    if (signature == null) {
      return SignatureCheck.refused(
          "commit " + commit.shortId() + " has an OpenPGP signature that cannot be read");
    }
    String keyId = keyId(signature);
    for (Path file : keyFiles) {
      for (PGPPublicKeyRing ring : rings(file)) {
        PGPPublicKey key = signingKey(ring, signature);
        if (key != null) {
          return verified(commit, signature, ring, key);
        }
      }
    }
    return SignatureCheck.refused(
        "commit "
            + commit.shortId()
            + " is signed by GPG key "
            + keyId
            + ", which is not among the trusted keys");
  }

  private SignatureCheck verified(
      SignedCommit commit, PGPSignature signature, PGPPublicKeyRing ring, PGPPublicKey key) {
    String signer = signer(ring) + " (GPG key " + keyId(signature) + ")";
    try {
      signature.init(new JcaPGPContentVerifierBuilderProvider().setProvider(provider()), key);
      signature.update(commit.payload());
      if (!signature.verify()) {
        return SignatureCheck.refused(
            "commit "
                + commit.shortId()
                + " has a bad signature by "
                + signer
                + ": the commit is not what was signed");
      }
    } catch (PGPException e) {
      return SignatureCheck.refused(
          "commit "
              + commit.shortId()
              + " has a signature that cannot be checked: "
              + e.getMessage());
    }
    if (ring.getPublicKey().hasRevocation() || key.hasRevocation()) {
      return SignatureCheck.refused(
          "commit " + commit.shortId() + " is signed by " + signer + ", whose key is revoked");
    }
    long validSeconds = ring.getPublicKey().getValidSeconds();
    if (validSeconds > 0
        && signature.getCreationTime().getTime()
            > ring.getPublicKey().getCreationTime().getTime() + validSeconds * 1000) {
      return SignatureCheck.refused(
          "commit " + commit.shortId() + " is signed by " + signer + ", whose key had expired");
    }
    return SignatureCheck.trusted(signer);
  }

  /** The key of {@code ring} (primary or subkey) that made {@code signature}; null if none. */
  private static PGPPublicKey signingKey(PGPPublicKeyRing ring, PGPSignature signature) {
    byte[] fingerprint = issuerFingerprint(signature);
    for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
      PGPPublicKey key = keys.next();
      if (fingerprint != null
          ? Arrays.equals(key.getFingerprint(), fingerprint)
          : key.getKeyID() == signature.getKeyID()) {
        return key;
      }
    }
    return null;
  }

  private static byte[] issuerFingerprint(PGPSignature signature) {
    IssuerFingerprint issuer =
        signature.getHashedSubPackets() == null
            ? null
            : signature.getHashedSubPackets().getIssuerFingerprint();
    return issuer == null ? null : issuer.getFingerprint();
  }

  private static String keyId(PGPSignature signature) {
    byte[] fingerprint = issuerFingerprint(signature);
    return fingerprint != null
        ? HexFormat.of().withUpperCase().formatHex(fingerprint)
        : String.format(Locale.ROOT, "%016X", signature.getKeyID());
  }

  private static String signer(PGPPublicKeyRing ring) {
    Iterator<String> ids = ring.getPublicKey().getUserIDs();
    return ids.hasNext() ? ids.next() : "a key with no user id";
  }

  private static PGPSignature signature(SignedCommit commit) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(commit.signature()))) {
      Object read = new JcaPGPObjectFactory(in).nextObject();
      if (read instanceof PGPCompressedData compressed) {
        read = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
      }
      return read instanceof PGPSignatureList list && !list.isEmpty() ? list.get(0) : null;
    } catch (IOException | PGPException e) {
      return null;
    }
  }

  private List<PGPPublicKeyRing> rings(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      KeyFile known = files.get(file);
      if (known != null && known.modified().equals(modified) && known.size() == size) {
        return known.rings();
      }
      List<PGPPublicKeyRing> rings = new ArrayList<>();
      try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
        new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator())
            .getKeyRings()
            .forEachRemaining(rings::add);
      }
      files.put(file, new KeyFile(modified, size, List.copyOf(rings)));
      return rings;
    } catch (IOException | PGPException e) {
      throw new SourceException(
          "cannot read the trusted GPG keys in " + file + ": " + e.getMessage(), e);
    }
  }
}
