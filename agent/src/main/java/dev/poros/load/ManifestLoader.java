package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.source.FileReader;
import dev.poros.source.FileTooLargeException;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads a snapshot's files into resources. Parsed files are kept by blob id (and path, which their
 * resources' origins name), so only files whose content changed since an earlier load are parsed.
 */
public final class ManifestLoader {
  private static final int CACHED_FILES = 50_000;

  private final ResourceFactory factory;
  private final Map<String, ParsedFile> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedFile> eldest) {
          return size() > CACHED_FILES;
        }
      };
  private final AtomicLong filesParsed = new AtomicLong();

  public ManifestLoader(ResourceFactory factory) {
    this.factory = factory;
  }

  public LoadResult load(Snapshot snapshot) {
    return load(snapshot, Map.of());
  }

  /**
   * Loads {@code snapshot} taking the files of {@code known} (by path, each as the snapshot has it)
   * as they are given instead of parsing them: the files a settled sync declared and that have not
   * changed since, with the resources restored from its rows.
   */
  public LoadResult load(Snapshot snapshot, Map<String, ParsedFile> known) {
    AtomicLong parsedNow = new AtomicLong();
    return load(
        snapshot,
        snapshot.files(),
        file -> {
          ParsedFile given = known.get(file.path());
          return given != null ? given : cached(file, snapshot.reader(), parsedNow);
        },
        parsedNow);
  }

  /**
   * Loads {@code snapshot}'s files {@code toLoad} (in the snapshot's order); every other file it
   * lists is {@code known}: given by path as the loader is to take it where a reference reaches it
   * — its kind — and what it declares is not loaded (the files a settled sync declared and that
   * have not changed since). A change at 50,000 resources passes over its few files, not all. A
   * file the snapshot does not list ({@code known} gives null) is parsed when a reference reaches
   * it.
   */
  public LoadResult load(
      Snapshot snapshot, List<SourceFile> toLoad, Function<String, ParsedFile> known) {
    AtomicLong parsedNow = new AtomicLong();
    Set<String> loading = new HashSet<>();
    toLoad.forEach(f -> loading.add(f.path()));
    return load(
        snapshot,
        toLoad,
        file -> {
          ParsedFile given = loading.contains(file.path()) ? null : known.apply(file.path());
          return given != null ? given : cached(file, snapshot.reader(), parsedNow);
        },
        parsedNow);
  }

  /**
   * Loads {@code toLoad} of {@code snapshot}: each file, and each file a reference reaches, as
   * {@code parse} gives it.
   */
  private LoadResult load(
      Snapshot snapshot,
      List<SourceFile> toLoad,
      Function<SourceFile, ParsedFile> parse,
      AtomicLong parsedNow) {
    Map<String, ParsedFile> parsed = new LinkedHashMap<>();
    // each file parses on its own (the cache is shared under its lock): on every core, in order
    List<ParsedFile> read = toLoad.parallelStream().map(parse).toList();
    read.forEach(file -> parsed.put(file.path(), file));
    FileReferences references = new FileReferences(snapshot.reader());
    BundleExpander bundles =
        new BundleExpander(factory, references, (path, file) -> parse.apply(file));
    FileParts parts = FileParts.find(parsed.values(), references, parse);
    List<Resource> resources = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Set<String> broken = new HashSet<>();
    Map<ResourceKey, List<Problem>> resourceProblems = new HashMap<>();
    List<Problem> warnings = new ArrayList<>();
    for (ParsedFile file : parsed.values()) {
      if (parts.isPart(file.path())) {
        continue; // a bundle member's or a job's file is part of that resource
      }
      problems.addAll(file.problems());
      if (!file.intact()) {
        broken.add(file.path());
      }
      for (Resource declared : file.resources()) {
        List<Problem> found = new ArrayList<>();
        Resource resource = withSpecsFromFiles(declared, references, parse, found);
        Map<String, String> files = new TreeMap<>(jobFiles(resource, references, parse, found));
        String cycle = parts.cycleThrough(file.path());
        if (resource.type() == ResourceType.BUNDLE && cycle != null) {
          // which members the bundles declare is unknown: nothing may be read as deleted
          found.add(
              resource
                  .origin()
                  .problem(
                      BundleExpander.membersPointer(resource.manifest()),
                      "bundle member files form a cycle: " + cycle));
          broken.add(file.path());
        } else if (resource.type() == ResourceType.BUNDLE) {
          BundleExpander.Expansion expansion = bundles.expand(resource);
          resources.addAll(expansion.members());
          found.addAll(expansion.problems());
          warnings.addAll(expansion.warnings());
          files.putAll(expansion.memberFiles());
        }
        resources.add(files.isEmpty() ? resource : factory.withFiles(resource, files));
        if (!found.isEmpty()) {
          resourceProblems.put(resource.key(), found);
        }
      }
    }
    return new LoadResult(
        snapshot.files().size(),
        (int) parsedNow.get(),
        resources,
        problems,
        broken,
        resourceProblems,
        warnings);
  }

  /**
   * A file is parsed again only when its content changes; the path is in its resources' origins.
   */
  private static String cacheKey(SourceFile file) {
    return file.blobId() + ":" + file.path();
  }

  /** Forgets {@code files} as parsed: they are parsed again when next loaded. */
  public void forget(Collection<SourceFile> files) {
    synchronized (cache) {
      files.forEach(file -> cache.remove(cacheKey(file)));
    }
  }

  /** {@code file} as this loader parsed it before, if it still holds it (nothing is parsed). */
  public Optional<ParsedFile> parsedBefore(SourceFile file) {
    synchronized (cache) {
      return Optional.ofNullable(cache.get(cacheKey(file)));
    }
  }

  /** {@code file} from the cache, else parsed (and counted in {@code parsedNow}). */
  private ParsedFile cached(SourceFile file, FileReader reader, AtomicLong parsedNow) {
    String cacheKey = cacheKey(file);
    synchronized (cache) {
      ParsedFile hit = cache.get(cacheKey);
      if (hit != null) {
        return hit;
      }
    }
    parsedNow.incrementAndGet();
    ParsedFile parsed;
    try {
      parsed = parse(file.path(), reader.read(file));
    } catch (FileTooLargeException e) {
      parsed = ParsedFile.unreadable(file.path(), new Problem(file.path(), 1, "", e.getMessage()));
    }
    synchronized (cache) {
      cache.put(cacheKey, parsed);
    }
    return parsed;
  }

  /**
   * A DAG job written as {@code file:} without a {@code spec} of its own runs the spec the file
   * holds: the file's {@code spec:}, or the whole mapping.
   */
  private Resource withSpecsFromFiles(
      Resource resource,
      FileReferences references,
      Function<SourceFile, ParsedFile> parse,
      List<Problem> problems) {
    if (resource.type() != ResourceType.WORKFLOW) {
      return resource;
    }
    ObjectNode tree = null;
    for (String pointer : FileParts.filePointers(resource)) {
      String job = pointer.substring(0, pointer.length() - "/file".length());
      FileReferences.Resolved resolved =
          references.resolve(resource.origin().file(), resource.manifest().at(pointer).asString());
      if (resource.manifest().at(job).has("spec")
          || !resolved.ok()
          || parse.apply(resolved.file()).content() != ParsedFile.Content.PLAIN_YAML) {
        continue; // jobFiles says what is wrong with the reference
      }
      JsonNode spec = specIn(resolved.file(), references);
      if (spec == null) {
        problems.add(
            resource
                .origin()
                .problem(
                    pointer,
                    "'" + resolved.file().path() + "' is not a YAML mapping of the job's spec"));
        continue;
      }
      if (tree == null) {
        tree = (ObjectNode) resource.manifest().deepCopy();
      }
      ((ObjectNode) tree.at(job)).set("spec", spec);
    }
    if (tree == null) {
      return resource;
    }
    ResourceFactory.Outcome outcome =
        factory.create(
            resource.origin().file(),
            new YamlDocument(resource.origin().line(), tree, resource.origin().fieldLines()));
    return outcome instanceof ResourceFactory.Made made ? made.resource() : resource;
  }

  private static JsonNode specIn(SourceFile file, FileReferences references) {
    try {
      List<YamlDocument> documents = YamlDocuments.parse(references.read(file));
      JsonNode content = documents.isEmpty() ? null : documents.get(0).tree();
      if (content == null || !content.isObject()) {
        return null;
      }
      return content.path("spec").isObject() ? content.get("spec") : content;
    } catch (YamlSyntaxException e) {
      return null;
    }
  }

  /**
   * The files a workflow's jobs reference, by path; what does not resolve goes to {@code problems}.
   */
  private static Map<String, String> jobFiles(
      Resource resource,
      FileReferences references,
      Function<SourceFile, ParsedFile> parse,
      List<Problem> problems) {
    Map<String, String> files = new TreeMap<>();
    if (resource.type() != ResourceType.WORKFLOW) {
      return files;
    }
    for (String pointer : FileParts.filePointers(resource)) {
      FileReferences.Resolved resolved =
          references.resolve(resource.origin().file(), resource.manifest().at(pointer).asString());
      if (!resolved.ok()) {
        problems.add(resource.origin().problem(pointer, resolved.problem()));
        continue;
      }
      ParsedFile target = parse.apply(resolved.file());
      String wrong =
          switch (target.content()) {
            case MANIFESTS ->
                "is a manifest of its own ("
                    + String.join(", ", target.resources().stream().map(r -> r.key().id()).toList())
                    + "), not a job's spec: point at a file without 'type', or write the spec inline";
            case UNREADABLE -> "cannot be read: " + target.problems().get(0).message();
            case PLAIN_YAML -> null;
          };
      if (wrong != null) {
        problems.add(resource.origin().problem(pointer, "'" + target.path() + "' " + wrong));
      }
      files.put(resolved.file().path(), resolved.file().blobId());
    }
    return files;
  }

  /** How many files this loader has parsed (not taken from its cache) since it was made. */
  public long filesParsed() {
    return filesParsed.get();
  }

  ParsedFile parse(String path, byte[] content) {
    filesParsed.incrementAndGet();
    List<YamlDocument> documents;
    try {
      documents = YamlDocuments.parse(content);
    } catch (YamlSyntaxException e) {
      return ParsedFile.unreadable(
          path, new Problem(path, e.line(), "", "invalid YAML: " + e.getMessage()));
    }
    List<Resource> resources = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    boolean manifests = false;
    for (YamlDocument doc : documents) {
      JsonNode tree = doc.tree();
      manifests |= tree.has("type") || tree.has("apiVersion") && tree.has("kind");
      ResourceFactory.Outcome outcome = factory.create(path, doc);
      if (outcome instanceof ResourceFactory.Made made) {
        resources.add(made.resource());
      } else if (outcome instanceof ResourceFactory.Unidentified bad) {
        problems.add(bad.problem());
      }
    }
    return new ParsedFile(
        path,
        resources,
        problems,
        manifests ? ParsedFile.Content.MANIFESTS : ParsedFile.Content.PLAIN_YAML);
  }
}
