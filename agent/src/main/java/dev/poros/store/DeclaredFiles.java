package dev.poros.store;

import dev.poros.model.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the last settled sync of each repository loaded, file by file (migration V13): each file's
 * blob and where each resource it declared starts. Trusted only while no sync has started since the
 * one that wrote it, so that the recorded rows are still what those files declare.
 */
public final class DeclaredFiles {
  /** A resource as a file declared it: the line it starts on, the files it reads (path → blob). */
  public record Entry(String key, String path, int line, Map<String, String> files) {
    public Entry {
      files = Map.copyOf(files);
    }
  }

  /** One repository's declarations: each file's blob, and each file's resources in line order. */
  public record Declarations(Map<String, String> blobs, Map<String, List<Entry>> byFile) {
    public Declarations {
      blobs = Map.copyOf(blobs);
      byFile = Map.copyOf(byFile);
    }

    public List<Entry> of(String path) {
      return byFile.getOrDefault(path, List.of());
    }
  }

  /**
   * What a settled sync loaded: the files it parsed (path → blob) and the resources they declared,
   * and the files it no longer has; {@code whole}: these replace every earlier declaration.
   */
  public record Update(
      boolean whole, Map<String, String> parsed, List<Entry> entries, Set<String> gone) {
    public Update {
      parsed = Map.copyOf(parsed);
      entries = List.copyOf(entries);
      gone = Set.copyOf(gone);
    }
  }

  private final PorosDb db;

  public DeclaredFiles(PorosDb db) {
    this.db = db;
  }

  /** The declarations of the last settled sync, unless a sync started after it. */
  public Optional<Declarations> trusted(long repositoryId) {
    return db.read(
        c -> {
          boolean valid =
              Rows.first(
                      c,
                      "SELECT declared_sync FROM repository WHERE id = ?",
                      rs -> rs.getObject(1) != null,
                      repositoryId)
                  .orElse(false);
          if (!valid) {
            return Optional.empty();
          }
          Map<String, String> blobs = new HashMap<>();
          Rows.query(
              c,
              "SELECT path, blob FROM declared_file WHERE repository_id = ?",
              rs -> blobs.put(rs.getString(1), rs.getString(2)),
              repositoryId);
          Map<String, List<Entry>> byFile = new HashMap<>();
          Rows.query(
              c,
              "SELECT key, path, line, files FROM declared_resource WHERE repository_id = ?",
              rs ->
                  byFile
                      .computeIfAbsent(rs.getString(2), p -> new ArrayList<>())
                      .add(
                          new Entry(
                              rs.getString(1),
                              rs.getString(2),
                              rs.getInt(3),
                              files(rs.getString(4)))),
              repositoryId);
          byFile.values().forEach(list -> list.sort(Comparator.comparingInt(Entry::line)));
          return Optional.of(new Declarations(blobs, byFile));
        });
  }

  /** Clears the mark that lets the declarations be trusted: a sync that may change rows begins. */
  static void distrust(Connection c, long repositoryId) throws SQLException {
    Rows.update(c, "UPDATE repository SET declared_sync = NULL WHERE id = ?", repositoryId);
  }

  /**
   * Writes what settled sync {@code syncId} loaded and marks it trusted; part of the transaction
   * that finishes the sync.
   */
  static void write(Connection c, long repositoryId, long syncId, Update update)
      throws SQLException {
    if (update.whole()) {
      Rows.update(c, "DELETE FROM declared_file WHERE repository_id = ?", repositoryId);
      Rows.update(c, "DELETE FROM declared_resource WHERE repository_id = ?", repositoryId);
    } else {
      List<String> replaced = new ArrayList<>(update.gone());
      replaced.addAll(update.parsed().keySet());
      Rows.batch(
          c,
          "DELETE FROM declared_file WHERE repository_id = ? AND path = ?",
          replaced.stream().map(p -> new Object[] {repositoryId, p}).toList());
      Rows.batch(
          c,
          "DELETE FROM declared_resource WHERE repository_id = ? AND path = ?",
          replaced.stream().map(p -> new Object[] {repositoryId, p}).toList());
    }
    Rows.batch(
        c,
        "INSERT INTO declared_file (repository_id, path, blob) VALUES (?, ?, ?)",
        update.parsed().entrySet().stream()
            .map(f -> new Object[] {repositoryId, f.getKey(), f.getValue()})
            .toList());
    // a settled sync declares each key once: a row left by an earlier sync is stale
    Rows.batch(
        c,
        "INSERT OR REPLACE INTO declared_resource (repository_id, key, path, line, files)"
            + " VALUES (?, ?, ?, ?, ?)",
        update.entries().stream()
            .map(
                e ->
                    new Object[] {
                      repositoryId,
                      e.key(),
                      e.path(),
                      e.line(),
                      e.files().isEmpty() ? null : Json.canonical(Json.JSON.valueToTree(e.files()))
                    })
            .toList());
    Rows.update(c, "UPDATE repository SET declared_sync = ? WHERE id = ?", syncId, repositoryId);
  }

  private static Map<String, String> files(String json) {
    Map<String, String> files = new TreeMap<>();
    if (json != null) {
      JsonNode node = Json.parse(json);
      node.properties().forEach(f -> files.put(f.getKey(), f.getValue().asString()));
    }
    return files;
  }
}
