package dev.poros.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows read packed are the rows as they were written, whatever their text holds. */
class PackedRowsTest {
  @TempDir Path tmp;

  @Test
  void everyColumnReadsBackAsWrittenNullsEmptiesSeparatorsAndAstralCharactersIncluded()
      throws Exception {
    List<List<Object>> written =
        List.of(
            Arrays.asList("plain", 7, null, ""),
            Arrays.asList("12:34", -1, "-", "--"),
            Arrays.asList("a\u001fb\u001ec", 0, "3:abc", "line\nbreak"),
            Arrays.asList("caf\u00e9 \u00fcber", 42, "\ud83d\ude80 rocket \ud83d\ude80", null),
            Arrays.asList("", 123456789, ":", "\ud83d\ude80"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("p.db"))) {
      Rows.update(c, "CREATE TABLE t (id INTEGER, a TEXT, n INTEGER, b TEXT, d TEXT)");
      for (int i = 0; i < written.size(); i++) {
        List<Object> row = written.get(i);
        Rows.update(
            c,
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            i,
            row.get(0),
            row.get(1),
            row.get(2),
            row.get(3));
      }

      List<List<Object>> read =
          PackedRows.of("a", "n", "b", "d")
              .query(
                  c,
                  "FROM t WHERE id >= ? ORDER BY id",
                  fields -> {
                    List<Object> row = new ArrayList<>();
                    row.add(fields.next());
                    row.add(fields.nextInt());
                    row.add(fields.next());
                    row.add(fields.next());
                    return row;
                  },
                  0);

      assertThat(read).isEqualTo(written);
    }
  }

  @Test
  void aSharedColumnHoldsOneInstanceOfEachTextForTheRowsOfAQuery() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("s.db"))) {
      Rows.update(c, "CREATE TABLE t (id INTEGER, commit_sha TEXT, name TEXT)");
      for (int i = 0; i < 4; i++) {
        Rows.update(c, "INSERT INTO t VALUES (?, ?, ?)", i, i < 3 ? "abc" : null, "same");
      }

      List<List<String>> read =
          PackedRows.of("commit_sha", "name")
              .query(
                  c,
                  "FROM t ORDER BY id",
                  fields -> Arrays.asList(fields.nextShared(), fields.next()));

      assertThat(read).extracting(row -> row.get(0)).containsExactly("abc", "abc", "abc", null);
      assertThat(read.get(1).get(0)).isSameAs(read.get(0).get(0));
      assertThat(read.get(2).get(0)).isSameAs(read.get(0).get(0));
      assertThat(read.get(1).get(1)).as("a column read unshared").isNotSameAs(read.get(0).get(1));
    }
  }

  @Test
  void aTimeColumnReadsBackAsInstantsOneForEachTimeOfAQuery() throws Exception {
    Instant batch = Instant.parse("2026-12-05T03:04:05.123456Z");
    Instant later = Instant.parse("2026-12-05T03:04:06Z");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("i.db"))) {
      Rows.update(c, "CREATE TABLE t (id INTEGER, updated_at TEXT, message TEXT)");
      List<Instant> written = Arrays.asList(batch, batch, later, null, batch);
      for (int i = 0; i < written.size(); i++) {
        Instant at = written.get(i);
        // a text column holding the same text as a time stays a text
        Rows.update(
            c, "INSERT INTO t VALUES (?, ?, ?)", i, at == null ? null : at.toString(), batch + "");
      }

      List<List<Object>> read =
          PackedRows.of("updated_at", "message")
              .query(
                  c,
                  "FROM t ORDER BY id",
                  fields -> Arrays.<Object>asList(fields.nextInstant(), fields.nextShared()));

      assertThat(read).extracting(row -> row.get(0)).containsExactlyElementsOf(written);
      assertThat(read.get(1).get(0)).isSameAs(read.get(0).get(0));
      assertThat(read.get(4).get(0)).isSameAs(read.get(0).get(0));
      assertThat(read).extracting(row -> row.get(1)).containsOnly(batch.toString());
    }
  }
}
