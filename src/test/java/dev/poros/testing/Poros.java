package dev.poros.testing;

import dev.poros.model.Json;
import dev.poros.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;

/** The {@code poros} CLI bound to one data directory and one repository folder. */
public final class Poros {
  private final Path dataDir;

  public Poros(Path dataDir) {
    this.dataDir = dataDir;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--data-dir=" + dataDir);
    return Cli.run(all.toArray(String[]::new));
  }

  public Cli.Result sync(TestRepo repo, String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--repo", repo.dir().toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  /** {@code poros get -o json}, parsed: one map per resource. */
  public List<Map<String, Object>> get(String... extra) {
    List<String> args = new ArrayList<>(List.of("get", "-o", "json"));
    args.addAll(List.of(extra));
    Cli.Result result = run(args.toArray(String[]::new));
    if (result.exitCode() != 0) {
      throw new AssertionError("get failed: " + result.all());
    }
    return Json.JSON.readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {});
  }

  /** The resource with {@code id}, as {@code get -o json} shows it; null when not listed. */
  public Map<String, Object> resource(String id) {
    return get("--all").stream().filter(r -> id.equals(r.get("id"))).findFirst().orElse(null);
  }

  /** A JSON array of objects a command printed. */
  public static List<Map<String, Object>> jsonArray(Cli.Result result) {
    return Json.JSON.readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {});
  }

  /** A JSON document a command printed. */
  public static Map<String, Object> json(Cli.Result result) {
    return Json.JSON.readValue(result.out(), new TypeReference<Map<String, Object>>() {});
  }

  public Stores stores() {
    return Stores.open(dataDir, Clock.systemUTC());
  }

  /** {@code query}'s answer from the Poros DB, opened for it and closed after. */
  public <T> T read(Function<Stores, T> query) {
    Stores stores = stores();
    try {
      return query.apply(stores);
    } finally {
      stores.db().close();
    }
  }
}
