package dev.poros.testing;

import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.model.DesiredState;
import dev.poros.source.FileReader;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.SecretVault;
import dev.poros.validate.SchemaCheck;
import dev.poros.validate.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests in memory, loaded and validated as a commit of them would be: for planner tests. */
public final class Declared {
  private final ResourceFactory factory = new ResourceFactory(SecretVault.ephemeral());
  private final ManifestLoader loader = new ManifestLoader(factory);
  private final Validator validator = new Validator(new SchemaCheck());

  /** What a commit of {@code files} (path → content) declares, judged. */
  public DesiredState desired(Map<String, String> files) {
    List<SourceFile> sources = new ArrayList<>();
    files
        .keySet()
        .forEach(
            path ->
                sources.add(
                    new SourceFile(path, Integer.toHexString(files.get(path).hashCode()) + path)));
    FileReader reader =
        new FileReader() {
          @Override
          public byte[] read(SourceFile file) {
            return files.get(file.path()).getBytes(StandardCharsets.UTF_8);
          }

          @Override
          public Optional<SourceFile> find(String path) {
            return Optional.empty();
          }
        };
    LoadResult loaded =
        loader.load(new Snapshot("c1", "main", "", "", sources, null, reader, null));
    return validator.validate(loaded, SystemResources.load(factory), List.of());
  }

  /** {@code path, content, path, content, ...} as a map, in that order. */
  public static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return files;
  }
}
