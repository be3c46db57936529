package dev.poros.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Json;
import dev.poros.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/**
 * The 76 manifests of DataOS's public documentation (see {@code SOURCES.md} beside them), validated
 * together as one repository: file by file, each is accepted or has exactly the problems listed in
 * {@code expected-verdicts.txt}. That list was reviewed by hand: every problem in it is a real one
 * of the docs (a laptop path in {@code file:}, a secret, compute or stack the corpus never declares
 * and no DataOS instance has built in, an empty {@code stackSpec}). Issue 17 took out what were
 * Poros's gaps: DataOS's built-in stacks ({@code flare:7.0}, {@code scanner:2.0}, {@code
 * beacon+rest}, ...), the {@code resolve} template function, the {@code v1beta1} version.
 */
class DataosDocsConformanceTest {
  static final Path CORPUS = Path.of("src/test/resources/conformance/dataos-docs");
  static final Path EXPECTED = Path.of("src/test/resources/conformance/expected-verdicts.txt");

  @Test
  void everyDocumentedManifestIsAcceptedOrHasExactlyTheReviewedProblems() throws IOException {
    Cli.Result result = Cli.run("validate", CORPUS.toString(), "-o", "json");
    Map<String, Object> report =
        Json.JSON.readValue(result.out(), new TypeReference<Map<String, Object>>() {});

    assertThat(verdicts(report)).isEqualTo(expected());
    assertThat(report.get("files")).isEqualTo(76);
  }

  @SuppressWarnings("unchecked")
  private static List<String> verdicts(Map<String, Object> report) throws IOException {
    Map<String, List<Map<String, Object>>> byFile = new TreeMap<>();
    for (Map<String, Object> problem : (List<Map<String, Object>>) report.get("problems")) {
      byFile.computeIfAbsent((String) problem.get("file"), f -> new ArrayList<>()).add(problem);
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (String file :
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .map(p -> CORPUS.relativize(p).toString())
              .sorted()
              .toList()) {
        List<Map<String, Object>> problems = byFile.remove(file);
        if (problems == null) {
          lines.add(file + "  accepted");
          continue;
        }
        lines.add(file);
        problems.stream()
            .sorted(
                Comparator.comparingInt((Map<String, Object> p) -> (Integer) p.get("line"))
                    .thenComparing(p -> (String) p.get("field")))
            .forEach(
                p ->
                    lines.add(
                        "  "
                            + p.get("line")
                            + ": "
                            + (((String) p.get("field")).isEmpty() ? "" : p.get("field") + ": ")
                            + p.get("message")));
      }
    }
    assertThat(byFile).as("problems in files outside the corpus").isEmpty();
    return lines;
  }

  private static List<String> expected() throws IOException {
    return Files.readAllLines(EXPECTED).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }
}
