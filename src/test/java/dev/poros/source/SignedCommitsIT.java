package dev.poros.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Json;
import dev.poros.model.ResourceKey;
import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.Signers;
import dev.poros.testing.Signers.Signer;
import dev.poros.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only commits signed by a trusted key are synced (issue 19): real keys from {@code gpg} and {@code
 * ssh-keygen}, real signatures from {@code git commit -S}. A refused commit applies and prunes
 * nothing, fails the sync with the reason, and the next properly signed commit syncs.
 */
class SignedCommitsIT {
  @TempDir Path tmp;
  private Signers signers;

  @BeforeEach
  void keys() {
    signers = new Signers(tmp.resolve("keys"));
  }

  @AfterEach
  void stopAgents() {
    signers.close();
  }

  private static String depot(String name, String type) {
    return "name: " + name + "\nversion: v1\ntype: depot\ndepot: {type: " + type + "}\n";
  }

  @Test
  void gpgSignedByATrustedKeySyncsUntrustedUnsignedAndTamperedDoNot() throws Exception {
    Signer alice = signers.gpg("Alice", "alice@example.com");
    Signer mallory = signers.gpg("Mallory", "mallory@example.com");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      String[] verify = {"--verify-keys-gpg", alice.publicKey().toString()};
      repo.write("lake.yaml", depot("lake", "S3")).write("sea.yaml", depot("sea", "S3"));
      signers.commit(repo, "two depots", alice, alice);
      Cli.Result first = poros.sync(repo, verify);
      assertThat(first.exitCode()).as(first.all()).isZero();

      // the same content change, signed by a key not trusted, then unsigned
      repo.write("lake.yaml", depot("lake", "GCS")).delete("sea.yaml");
      String byMallory = signers.commit(repo, "by mallory", alice, mallory);
      assertRefused(poros.sync(repo, verify), poros, byMallory, "is signed by GPG key ");
      repo.write("lake.yaml", depot("lake", "ABFSS"));
      String unsigned = signers.commit(repo, "unsigned", alice, null);
      assertRefused(
          poros.sync(repo, verify), poros, unsigned, "by alice@example.com is not signed");
      // a plan (as a pull request's preview) still shows the change, and that a sync would refuse
      // it
      Cli.Result plan = poros.run("plan", "--repo", repo.dir().toString(), verify[0], verify[1]);
      assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
      assertThat(plan.all())
          .contains("1 to update, 1 to delete")
          .contains(
              "unverified commit: commit "
                  + unsigned.substring(0, 7)
                  + " by alice@example.com is not signed; a sync of this commit would be refused");

      // Alice's signature over a commit whose message was changed afterwards
      String signedByAlice = signers.commit(repo, "signed", alice, alice);
      String tampered = tamper(repo.dir(), signedByAlice);
      assertRefused(poros.sync(repo, verify), poros, tampered, "has a bad signature by Alice");

      repo.write("lake.yaml", depot("lake", "GCS"));
      String good = signers.commit(repo, "signed again", alice, alice);
      Cli.Result healed = poros.sync(repo, verify);
      assertThat(healed.exitCode()).as(healed.all()).isZero();
      assertThat(lakeType(poros)).isEqualTo("GCS");
      assertThat(poros.get()).extracting(r -> r.get("id")).doesNotContain("depot:v1:sea");
      assertThat(Poros.jsonArray(poros.run("history", "-o", "json")).get(0))
          .containsEntry("outcome", "succeeded")
          .containsEntry("commit", good);
    }
  }

  @Test
  void sshSignedByAnAllowedSignerSyncsAKeyAllowedForAnotherIdentityDoesNot() throws Exception {
    Signer bob = signers.ssh("Bob", "bob@example.com");
    Signer carol = signers.ssh("Carol", "carol@example.com");
    Signer dave = signers.ssh("Dave", "dave@example.com");
    Path allowed = tmp.resolve("allowed_signers");
    Files.writeString(
        allowed,
        Signers.allowedSigner("bob@example.com", bob)
            + Signers.allowedSigner("carol@example.com", carol));
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      String[] verify = {"--verify-keys-ssh", allowed.toString()};
      repo.write("lake.yaml", depot("lake", "S3"));
      signers.commit(repo, "one depot", bob, bob);
      Cli.Result first = poros.sync(repo, verify);
      assertThat(first.exitCode()).as(first.all()).isZero();

      repo.write("lake.yaml", depot("lake", "GCS"));
      String inBobsName = signers.commit(repo, "carol's key, bob's name", bob, carol);
      assertRefused(
          poros.sync(repo, verify),
          poros,
          inBobsName,
          "which is allowed for carol@example.com, not for its committer bob@example.com");
      String byDave = signers.commit(repo, "dave's key", dave, dave);
      assertRefused(poros.sync(repo, verify), poros, byDave, "is signed by SSH key SHA256:");
      String unsigned = signers.commit(repo, "unsigned", bob, null);
      assertRefused(poros.sync(repo, verify), poros, unsigned, "is not signed");

      // trusted keys are read again when their file changes: Dave is allowed now
      Files.writeString(
          allowed, Signers.allowedSigner("dave@example.com", dave), StandardOpenOption.APPEND);
      String daveAgain = signers.commit(repo, "dave, allowed", dave, dave);
      Cli.Result healed = poros.sync(repo, verify);
      assertThat(healed.exitCode()).as(healed.all()).isZero();
      assertThat(lakeType(poros)).isEqualTo("GCS");
      assertThat(Poros.jsonArray(poros.run("history", "-o", "json")).get(0))
          .containsEntry("commit", daveAgain);
    }
  }

  @Test
  void aKeyFileThatCannotBeReadIsAClearErrorBeforeAnythingRuns() {
    Cli.Result result =
        new Poros(tmp.resolve("data"))
            .run(
                "sync",
                "--repo",
                tmp.toString(),
                "--verify-keys-gpg",
                tmp.resolve("missing.asc").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("cannot read the key file " + tmp.resolve("missing.asc"));
  }

  /** A refused sync: exit 1, the reason, recorded as failed, and nothing applied or pruned. */
  private static void assertRefused(Cli.Result sync, Poros poros, String commit, String reason) {
    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    assertThat(sync.err())
        .contains("unverified commit: commit " + commit.substring(0, 7))
        .contains(reason)
        .contains("nothing synced");
    Map<String, Object> newest = Poros.jsonArray(poros.run("history", "-o", "json")).get(0);
    assertThat(newest).containsEntry("outcome", "failed").containsEntry("commit", commit);
    assertThat(newest.get("message").toString()).contains(reason);
    assertThat(lakeType(poros)).as("what the last trusted commit declared").isEqualTo("S3");
    List<Object> ids = poros.get().stream().map(r -> r.get("id")).toList();
    assertThat(ids).contains("depot:v1:lake");
  }

  private static String lakeType(Poros poros) {
    String json =
        poros.stores().resources().get(new ResourceKey("depot:v1:lake")).orElseThrow().maskedJson();
    return Json.JSON.readTree(json).path("depot").path("type").asString();
  }

  /**
   * Writes a copy of {@code commit} with its message changed and its signature kept, and points
   * {@code main} at it: what a forged history looks like. Returns the new commit's id.
   */
  private static String tamper(Path worktree, String commit) throws Exception {
    try (Repository repository =
        new FileRepositoryBuilder().setWorkTree(worktree.toFile()).setMustExist(true).build()) {
      byte[] raw = repository.open(ObjectId.fromString(commit)).getCachedBytes();
      String text =
          new String(raw, StandardCharsets.UTF_8).replace("\nsigned\n", "\nsigned, honestly\n");
      ObjectId forged;
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        forged = inserter.insert(Constants.OBJ_COMMIT, text.getBytes(StandardCharsets.UTF_8));
        inserter.flush();
      }
      RefUpdate update = repository.updateRef("refs/heads/main");
      update.setNewObjectId(forged);
      update.setForceUpdate(true);
      assertThat(update.update()).isIn(RefUpdate.Result.FORCED, RefUpdate.Result.NEW);
      return forged.name();
    }
  }
}
