package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
    List<ParsedFile> files = new ArrayList<>(snapshot.files().size());
    for (SourceFile file : snapshot.files()) {
      String cacheKey = file.blobId() + ":" + file.path();
      ParsedFile parsed;
      synchronized (cache) {
        parsed = cache.get(cacheKey);
      }
      if (parsed == null) {
        parsed = parse(file.path(), snapshot.reader().read(file));
        synchronized (cache) {
          cache.put(cacheKey, parsed);
        }
      }
      files.add(parsed);
    }
    return new LoadResult(files);
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
      return new ParsedFile(
          path,
          List.of(),
          List.of(new Problem(path, e.line(), "", "invalid YAML: " + e.getMessage())));
    }
    List<Resource> resources = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (YamlDocument doc : documents) {
      ResourceFactory.Outcome outcome = factory.create(path, doc);
      if (outcome instanceof ResourceFactory.Made made) {
        resources.add(made.resource());
      } else if (outcome instanceof ResourceFactory.Unidentified bad) {
        problems.add(bad.problem());
      }
    }
    return new ParsedFile(path, resources, problems);
  }
}
