package dev.poros.store;

import dev.poros.model.Json;
import dev.poros.model.Problem;
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
import java.util.TreeSet;

/**
 * What the last settled sync of each repository loaded, file by file (migration V13): each file's
 * blob and where each resource it declared starts. Trusted only while no sync has started since the
 * one that wrote it, so that the recorded rows are still what those files declare.
 */
public final class DeclaredFiles {
  private static final PackedRows DECLARED =
      PackedRows.of("key", "path", "line", "files", "parsed_hash", "needs", "warnings", "audits");

  /**
   * A resource as a file declared it: the line it starts on, the files it reads (path → blob), and
   * what the settled sync judged of it (null: not known, rows of an older version).
   */
  public record Entry(
      String key, String path, int line, Map<String, String> files, Verdict verdict) {
    public Entry {
      files = Map.copyOf(files);
    }
  }

  /**
   * What a settled sync judged of one resource: its hash before it covered what it uses, the ids of
   * what it needs, and the admission policies' warnings and audit findings about it.
   */
  public record Verdict(
      String parsedHash, Set<String> needs, List<Problem> warnings, List<Problem> audits) {
    public Verdict {
      needs = Set.copyOf(needs);
      warnings = List.copyOf(warnings);
      audits = List.copyOf(audits);
    }
  }

  /**
   * One repository's declarations: each file's blob, each file's resources in line order, and what
   * besides the commit the verdict depended on (null: not known).
   */
  public record Declarations(
      Map<String, String> blobs, Map<String, List<Entry>> byFile, String environment) {
    public Declarations {
      blobs = Map.copyOf(blobs);
      byFile = Map.copyOf(byFile);
    }

    /** Every resource declared, by key id. */
    public Map<String, Entry> byKey() {
      Map<String, Entry> all = new HashMap<>();
      byFile.values().forEach(entries -> entries.forEach(e -> all.put(e.key(), e)));
      return all;
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
      boolean whole,
      Map<String, String> parsed,
      List<Entry> entries,
      Set<String> gone,
      String environment) {
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
          // null: no sync's declarations to trust; else what they were judged in (maybe unknown)
          List<Optional<String>> environment =
              Rows.query(
                  c,
                  "SELECT declared_environment FROM repository"
                      + " WHERE id = ? AND declared_sync IS NOT NULL",
                  rs -> Optional.ofNullable(rs.getString(1)),
                  repositoryId);
          if (environment.isEmpty()) {
            return Optional.empty();
          }
          Map<String, String> blobs = new HashMap<>();
          Rows.query(
              c,
              "SELECT path, blob FROM declared_file WHERE repository_id = ?",
              rs -> blobs.put(rs.getString(1), rs.getString(2)),
              repositoryId);
          Map<String, List<Entry>> byFile = new HashMap<>();
          DECLARED.query(
              c,
              "FROM declared_resource WHERE repository_id = ?",
              row -> {
                String key = row.next();
                String path = row.nextShared(); // (one instance for its resources' entries)
                Entry entry =
                    new Entry(
                        key,
                        path,
                        row.nextInt(),
                        files(row.next()),
                        verdict(row.next(), row.next(), row.next(), row.next()));
                return byFile.computeIfAbsent(path, p -> new ArrayList<>()).add(entry);
              },
              repositoryId);
          byFile.values().forEach(list -> list.sort(Comparator.comparingInt(Entry::line)));
          return Optional.of(new Declarations(blobs, byFile, environment.get(0).orElse(null)));
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
      // SQLite 3.54's planner, without statistics, walks the whole repository's rows by primary
      // key for this (3 s for 500 files at 50,000 resources); the path index finds them
      Rows.batch(
          c,
          "DELETE FROM declared_resource INDEXED BY declared_resource_path"
              + " WHERE repository_id = ? AND path = ?",
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
        "INSERT OR REPLACE INTO declared_resource (repository_id, key, path, line, files,"
            + " parsed_hash, needs, warnings, audits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        update.entries().stream()
            .map(
                e ->
                    new Object[] {
                      repositoryId,
                      e.key(),
                      e.path(),
                      e.line(),
                      e.files().isEmpty() ? null : Json.canonical(Json.JSON.valueToTree(e.files())),
                      e.verdict() == null ? null : e.verdict().parsedHash(),
                      e.verdict() == null
                          ? null
                          : String.join("\n", new TreeSet<>(e.verdict().needs())),
                      e.verdict() == null ? null : json(e.verdict().warnings()),
                      e.verdict() == null ? null : json(e.verdict().audits())
                    })
            .toList());
    Rows.update(
        c,
        "UPDATE repository SET declared_sync = ?, declared_environment = ? WHERE id = ?",
        syncId,
        update.environment(),
        repositoryId);
  }

  private static String json(Object value) {
    return Json.JSON.writeValueAsString(value);
  }

  /** A verdict as its columns hold it; null when they hold none. */
  private static Verdict verdict(String parsedHash, String needs, String warnings, String audits) {
    if (parsedHash == null || needs == null || warnings == null || audits == null) {
      return null;
    }
    return new Verdict(
        parsedHash,
        needs.isEmpty() ? Set.of() : Set.of(needs.split("\n")),
        problems(warnings),
        problems(audits));
  }

  /** Most lists are empty: those are not handed to Jackson (fifty thousand rows a read). */
  private static List<Problem> problems(String json) {
    return json.equals("[]") ? List.of() : List.of(Json.JSON.readValue(json, Problem[].class));
  }

  /** Most resources read no file: no map is made for those. */
  private static Map<String, String> files(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, String> files = new TreeMap<>();
    Json.parse(json).properties().forEach(f -> files.put(f.getKey(), f.getValue().asString()));
    return files;
  }
}
