package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileChangesTest {
  private static final SourceFile A = new SourceFile("a.yaml", "1");
  private static final SourceFile B = new SourceFile("b.yaml", "2");
  private static final SourceFile C = new SourceFile("c.yaml", "3");

  @Test
  void aListingOfTheSamePathsShowsTheBlobsThatChanged() {
    FileChanges changes =
        FileChanges.between(
            List.of(A, B, C),
            List.of(A, new SourceFile("b.yaml", "2x"), new SourceFile("c.yaml", "3")));

    assertThat(changes.changed()).isEqualTo(Map.of("b.yaml", "2x"));
    assertThat(changes.deleted()).isEmpty();
    assertThat(changes.unchanged("c.yaml")).isTrue();
  }

  @Test
  void aRenameOfAsManyFilesIsADeletionAndANewFile() {
    FileChanges changes =
        FileChanges.between(List.of(A, B, C), List.of(A, new SourceFile("bb.yaml", "2"), C));

    assertThat(changes.changed()).isEqualTo(Map.of("bb.yaml", "2"));
    assertThat(changes.deleted()).containsExactly("b.yaml");
  }

  @Test
  void filesAddedAndDeletedLeaveTheOthersTheirPlaceInTheListingBefore() {
    SourceFile b2 = new SourceFile("b.yaml", "2x");
    FileChanges changes =
        FileChanges.between(
            List.of(A, B, C),
            List.of(new SourceFile("a-first.yaml", "0"), A, b2, new SourceFile("b/in.yaml", "4")));

    assertThat(changes.changed())
        .isEqualTo(Map.of("a-first.yaml", "0", "b.yaml", "2x", "b/in.yaml", "4"));
    assertThat(changes.deleted()).containsExactly("c.yaml");
    assertThat(List.of(0, 1, 2, 3).stream().map(changes::placeBefore))
        .containsExactly(-1, 0, 1, -1);
  }

  @Test
  void filesAddedAndDeletedAreFoundInAnyOrder() {
    FileChanges changes =
        FileChanges.between(List.of(C, A), List.of(B, new SourceFile("a.yaml", "1y"), C));

    assertThat(changes.changed()).isEqualTo(Map.of("b.yaml", "2", "a.yaml", "1y"));
    assertThat(changes.deleted()).isEmpty();
    assertThat(List.of(0, 1, 2).stream().map(changes::placeBefore)).containsExactly(-1, 1, 0);
    assertThat(FileChanges.between(List.of(A, B), List.of(B)).deleted()).containsExactly("a.yaml");
  }
}
