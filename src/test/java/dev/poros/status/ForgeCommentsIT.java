package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.status.forge.ForgeApi;
import dev.poros.status.forge.ForgeComments;
import dev.poros.status.forge.ForgeRepository;
import dev.poros.testing.ForgeServer;
import dev.poros.testing.ForgeServer.Forge;
import dev.poros.testing.TestRepo;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Poros's one comment per pull request, on the real Gitea: created once, then edited in place. */
@Tag("infra")
@ExtendWith(ForgeServer.class)
class ForgeCommentsIT {
  static final String MARKER = "<!-- poros-preview platform -->";

  @TempDir Path tmp;

  @Test
  void theCommentIsCreatedOnceThenEditedInPlaceAndOthersCommentsAreLeftAlone(Forge forge)
      throws Exception {
    String name = forge.repository();
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("a.yaml", "name: a\n").commit("first");
      forge.push(repo, name, "main");
    }
    String issues = "/repos/" + forge.owner() + "/" + name + "/issues";
    long number =
        forge.api("POST", issues, Map.of("title", "a change"), 201).path("number").asLong();
    forge.api("POST", issues + "/" + number + "/comments", Map.of("body", "looks good"), 201);
    ForgeComments comments =
        new ForgeComments(
            ForgeApi.gitea(
                URI.create(forge.url()), new ForgeRepository(forge.owner(), name), forge.token()));

    long first = comments.upsert(number, MARKER, MARKER + "\n❌ 1 problem");
    long second = comments.upsert(number, MARKER, MARKER + "\n✅ clean now");

    assertThat(second).as("the same comment, edited").isEqualTo(first);
    JsonNode all = forge.api("GET", issues + "/" + number + "/comments", null, 200);
    List<String> bodies = new ArrayList<>();
    all.forEach(c -> bodies.add(c.path("body").asString()));
    assertThat(bodies).containsExactly("looks good", MARKER + "\n✅ clean now");
  }
}
