package dev.poros.cli;

import dev.poros.policy.StandingPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Which admission policies stand: the shipped defaults (less the disabled) and a folder's. */
final class PolicyOptions {
  @Option(
      names = "--policies",
      description = "Folder of admission-policy files that apply besides the shipped defaults.")
  Path folder;

  @Option(
      names = "--policy-disable",
      split = ",",
      description = "Shipped default policies to turn off, by name (see poros policy list).")
  List<String> disabled = List.of();

  StandingPolicies standing() {
    if (folder != null && !Files.isDirectory(folder)) {
      throw new UsageException("--policies: " + folder + " is not a folder");
    }
    List<String> unknown = StandingPolicies.notShipped(disabled);
    if (!unknown.isEmpty()) {
      throw new UsageException(
          "--policy-disable: no shipped policy is named "
              + String.join(", ", unknown)
              + "; they are "
              + StandingPolicies.shippedNames());
    }
    return StandingPolicies.load(Set.copyOf(disabled), folder);
  }
}
