package dev.poros.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 1 of the policy issue: each shipped default allows its good fixture and catches its bad
 * one, run the way users test their own policies ({@code poros policy test DIR}).
 */
class ShippedPoliciesTest {
  @TempDir Path tmp;

  @Test
  void eachShippedPolicyAllowsItsGoodFixtureAndCatchesItsBadOne() throws Exception {
    List<String> names = StandingPolicies.shippedNames();
    assertThat(names).hasSize(8);
    for (String name : names) {
      Files.write(tmp.resolve(name + ".yaml"), StandingPolicies.shipped(name));
      for (String kind : List.of("allow", "deny")) {
        String fixture = name + "." + kind + ".yaml";
        Files.writeString(tmp.resolve(fixture), Fixtures.text("policies/" + fixture));
      }
    }

    Cli.Result result = Cli.run("policy", "test", tmp.toString());

    assertThat(result.exitCode()).as(result.all()).isZero();
    for (String name : names) {
      assertThat(result.out())
          .contains("ok   " + name + ".allow.yaml\n")
          .containsPattern("ok   " + name + "\\.deny\\.yaml: .*policy " + name + ": ");
    }
    assertThat(result.out()).endsWith("16 fixture(s), 0 failed\n");
  }

  @Test
  void aFixtureThatIsNotCaughtFailsTheRun() throws Exception {
    Files.write(
        tmp.resolve("resources-have-owner.yaml"), StandingPolicies.shipped("resources-have-owner"));
    Files.writeString(
        tmp.resolve("resources-have-owner.deny.yaml"),
        Fixtures.text("policies/resources-have-owner.allow.yaml"));

    Cli.Result result = Cli.run("policy", "test", tmp.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL resources-have-owner.deny.yaml: depot:v1:lake passed every policy");
  }
}
