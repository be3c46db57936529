package dev.poros.store;

import dev.poros.model.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/** The {@code preview} table: each pull request's latest preview, open or closed. */
public final class PreviewStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<PreviewRecord.Change>> CHANGES = new TypeReference<>() {};
  private static final String COLUMNS =
      "repository, number, head_sha, base_branch, state, verdict, creates, updates, deletes,"
          + " unchanged, invalid, problems, warnings, changes, error, comment_id, previewed_at";

  private final PorosDb db;

  public PreviewStore(PorosDb db) {
    this.db = db;
  }

  /** Writes {@code preview} over the one its pull request had. */
  public void save(PreviewRecord preview) {
    PreviewRecord.Counts counts = preview.counts();
    db.transaction(
        c ->
            Rows.update(
                c,
                "INSERT OR REPLACE INTO preview ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                preview.repository(),
                preview.number(),
                preview.headSha(),
                preview.baseBranch(),
                preview.state(),
                preview.verdict(),
                counts.create(),
                counts.update(),
                counts.delete(),
                counts.unchanged(),
                counts.invalid(),
                Json.JSON.writeValueAsString(preview.problems()),
                Json.JSON.writeValueAsString(preview.warnings()),
                Json.JSON.writeValueAsString(preview.changes()),
                preview.error(),
                preview.commentId(),
                preview.previewedAt().toString()));
  }

  public Optional<PreviewRecord> get(String repository, long number) {
    return db.read(
        c ->
            Rows.first(
                c,
                "SELECT " + COLUMNS + " FROM preview WHERE repository = ? AND number = ?",
                PreviewStore::row,
                repository,
                number));
  }

  /** Every preview, open ones first, then by repository and newest pull request first. */
  public List<PreviewRecord> list() {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM preview ORDER BY state = 'open' DESC, repository, number DESC",
                PreviewStore::row));
  }

  /** The open previews of {@code repository}. */
  public List<PreviewRecord> open(String repository) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM preview WHERE repository = ? AND state = 'open'",
                PreviewStore::row,
                repository));
  }

  private static PreviewRecord row(ResultSet rs) throws SQLException {
    long comment = rs.getLong("comment_id");
    Long commentId = rs.wasNull() ? null : comment;
    return new PreviewRecord(
        rs.getString("repository"),
        rs.getLong("number"),
        rs.getString("head_sha"),
        rs.getString("base_branch"),
        rs.getString("state"),
        rs.getString("verdict"),
        new PreviewRecord.Counts(
            rs.getInt("creates"),
            rs.getInt("updates"),
            rs.getInt("deletes"),
            rs.getInt("unchanged"),
            rs.getInt("invalid")),
        Json.JSON.readValue(rs.getString("problems"), STRINGS),
        Json.JSON.readValue(rs.getString("warnings"), STRINGS),
        Json.JSON.readValue(rs.getString("changes"), CHANGES),
        rs.getString("error"),
        commentId,
        Rows.instant(rs, "previewed_at"));
  }
}
