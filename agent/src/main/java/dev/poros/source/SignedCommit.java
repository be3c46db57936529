package dev.poros.source;

import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * A commit's signature and what it signs: the raw commit object without its {@code gpgsig} header
 * (git signs the object as it was before the header was added), and the committer it names.
 */
record SignedCommit(String id, byte[] payload, byte[] signature, PersonIdent committer) {
  private static final byte[] GPGSIG = {'g', 'p', 'g', 's', 'i', 'g'};

  /** {@code commit}'s signature; empty when it has none. */
  static Optional<SignedCommit> of(RevCommit commit) {
    byte[] signature = commit.getRawGpgSignature();
    byte[] raw = commit.getRawBuffer();
    int value = signature == null ? -1 : RawParseUtils.headerStart(GPGSIG, raw, 0);
    if (value < 0) {
      return Optional.empty();
    }
    int start = value - GPGSIG.length - 1;
    int end = RawParseUtils.nextLfSkippingSplitLines(raw, value);
    if (end < raw.length) {
      end++;
    }
    byte[] payload = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, payload, 0, start);
    System.arraycopy(raw, end, payload, start, raw.length - end);
    return Optional.of(
        new SignedCommit(commit.name(), payload, signature, commit.getCommitterIdent()));
  }

  String shortId() {
    return id.substring(0, 7);
  }
}
