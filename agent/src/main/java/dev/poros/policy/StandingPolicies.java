package dev.poros.policy;

import dev.poros.load.YamlDocument;
import dev.poros.load.YamlDocuments;
import dev.poros.load.YamlSyntaxException;
import dev.poros.model.Hashes;
import dev.poros.model.Origin;
import dev.poros.model.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The policies that stand whatever a repository declares: the defaults shipped in the jar (under
 * {@code policies/}, listed in {@code policies/INDEX}), less those disabled by name, and the policy
 * files of a folder. {@code problems}: the documents that are not policies, which deny nothing.
 * {@code fingerprint} changes with any of them, so a sync of the same commit under other policies
 * is judged again.
 */
public record StandingPolicies(
    List<AdmissionPolicy> policies, List<Problem> problems, String fingerprint) {
  /** Shipped policy files are named {@code policies/NAME.yaml} in the jar. */
  public static final String SHIPPED = "policies/";

  public StandingPolicies {
    policies = List.copyOf(policies);
    problems = List.copyOf(problems);
  }

  /** The shipped defaults not in {@code disabled}, and the policies in {@code folder} (or none). */
  public static StandingPolicies load(Set<String> disabled, Path folder) {
    List<AdmissionPolicy> policies = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (String name : shippedNames()) {
      read(SHIPPED + name + ".yaml", shipped(name), policies, problems);
    }
    policies.removeIf(p -> disabled.contains(p.name()));
    if (folder != null) {
      for (Path file : policyFiles(folder)) {
        try {
          read(file.toString(), Files.readAllBytes(file), policies, problems);
        } catch (IOException e) {
          problems.add(new Problem(file.toString(), 0, "", "cannot read: " + e.getMessage()));
        }
      }
    }
    StringBuilder all = new StringBuilder();
    policies.forEach(p -> all.append(p.fingerprint()).append('\n'));
    problems.forEach(p -> all.append(p).append('\n'));
    return new StandingPolicies(policies, problems, Hashes.sha256(all.toString()));
  }

  /** The names of the shipped defaults, as {@code policies/INDEX} lists them. */
  public static List<String> shippedNames() {
    return new String(resource(SHIPPED + "INDEX"), StandardCharsets.UTF_8)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** Those of {@code names} that no shipped policy has. */
  public static List<String> notShipped(Collection<String> names) {
    List<String> shipped = shippedNames();
    return names.stream().filter(name -> !shipped.contains(name)).toList();
  }

  /** The shipped policy file named {@code name}. */
  public static byte[] shipped(String name) {
    return resource(SHIPPED + name + ".yaml");
  }

  /**
   * The policy files of {@code folder} and below, in path order: {@code *.yaml} and {@code *.yml},
   * not the {@code *.allow.yaml} / {@code *.deny.yaml} fixtures beside them.
   */
  public static List<Path> policyFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !PolicyFixtures.isFixture(f))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the policies in " + folder, e);
    }
  }

  /**
   * Reads the policies of one file into {@code policies}; what is not one into {@code problems}.
   */
  static void read(
      String file, byte[] content, List<AdmissionPolicy> policies, List<Problem> problems) {
    List<YamlDocument> documents;
    try {
      documents = YamlDocuments.parse(content);
    } catch (YamlSyntaxException e) {
      problems.add(new Problem(file, e.line(), "", e.getMessage()));
      return;
    }
    for (YamlDocument document : documents) {
      Origin origin = new Origin(file, document.line(), document.fieldLines());
      String type = document.tree().path("type").asString("");
      if (!type.equals(AdmissionPolicy.SECTION)) {
        problems.add(
            origin.problem("/type", "expected type: admission-policy, not '" + type + "'"));
        continue;
      }
      try {
        policies.add(AdmissionPolicy.of(document.tree(), origin));
      } catch (AdmissionPolicy.Invalid e) {
        problems.add(e.problem());
      }
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = StandingPolicies.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("this build of Poros lacks " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
