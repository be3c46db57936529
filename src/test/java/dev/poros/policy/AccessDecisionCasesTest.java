package dev.poros.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Must-show 6 of the policy issue: access decisions for DataOS's own documented access policies
 * (`../shared/conformance/dataos-docs/policy/`), by their documented rules — tags in a nested list
 * all needed (AND), lists and plain tags either (OR), globs, predicates listed, paths — plus a deny
 * of our own that wins over their allows. Through {@code poros policy check --dir}, as users ask.
 */
class AccessDecisionCasesTest {
  static final List<String> DOCUMENTED =
      List.of(
          "access-nested-and-or-tags.yaml",
          "access-paths-all-users.yaml",
          "access-tags-minerva.yaml",
          "access-workspace-crud.yaml");

  @TempDir static Path policies;

  @BeforeEach
  void writePolicies() throws Exception {
    for (String file : DOCUMENTED) {
      Files.writeString(
          policies.resolve(file), Fixtures.text("conformance/dataos-docs/policy/" + file));
    }
    Files.writeString(
        policies.resolve("deny-intern.yaml"),
        """
        name: no-pii-for-interns
        version: v1
        type: policy
        policy:
          access:
            subjects: {tags: [roles:id:intern]}
            predicates: [read]
            objects: {tags: [PII.Sensitive]}
            allow: false
        """);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} → {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // nested tags: pii-reader AND testuser, or marketing-manager; the object needs both tags
        "roles:id:pii-reader,roles:id:testuser | read | | PII.Sensitive,dataos:type:column | allow | policy:v1:subject-example2",
        "roles:id:pii-reader | read | | PII.Sensitive,dataos:type:column | deny | ",
        "roles:id:marketing-manager | read | | PII.Sensitive,dataos:type:column | allow | policy:v1:subject-example2",
        "roles:id:marketing-manager | read | | PII.Sensitive | deny | ",
        "roles:id:marketing-manager | update | | PII.Sensitive,dataos:type:column | deny | ",
        // every user (roles:id:* or users:id:*) may read one dataset by path
        "users:id:anyone | read | dataos://lakehouse:sample/test_dataset | | allow | policy:v1:test-policy-allowing-access",
        "roles:id:data-dev | read | dataos://lakehouse:sample/test_dataset | | allow | policy:v1:test-policy-allowing-access",
        "users:id:anyone | read | dataos://lakehouse:sample/other_dataset | | deny | ",
        "users:id:anyone | delete | dataos://lakehouse:sample/test_dataset | | deny | ",
        "apps:id:robot | read | dataos://lakehouse:sample/test_dataset | | deny | ",
        // iamgroot may read and select the Minerva table; any one listed object tag suffices
        "users:id:iamgroot | select | | dataos:system:minerva:table:lakehouse:retail:city | allow | policy:v1:test-policy-01",
        "users:id:iamgroot | read | | dataos:type:secret:lakehouse_r_r | allow | policy:v1:test-policy-01",
        "users:id:someone | select | | dataos:system:minerva:table:lakehouse:retail:city | deny | ",
        // workspace CRUD for iamgroot
        "users:id:iamgroot | create_in | | dataos:workspace:curriculum | allow | policy:v1:access-policy-workspace",
        "users:id:iamgroot | drop | | dataos:workspace:curriculum | deny | ",
        // a deny wins over the documented allow
        "roles:id:marketing-manager,roles:id:intern | read | | PII.Sensitive,dataos:type:column | deny | policy:v1:no-pii-for-interns",
      })
  void decidesAsDataOsDocumentsIt(
      String subject,
      String predicate,
      String object,
      String objectTags,
      String expected,
      String policy) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "policy",
                "check",
                "--dir",
                policies.toString(),
                "--subject",
                subject,
                "--predicate",
                predicate,
                "-o",
                "json"));
    if (object != null) {
      args.addAll(List.of("--object", object));
    }
    if (objectTags != null) {
      args.addAll(List.of("--object-tag", objectTags));
    }

    Cli.Result result = Cli.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.all()).isEqualTo(expected.equals("allow") ? 0 : 1);
    assertThat(result.out())
        .contains("\"allowed\" : " + expected.equals("allow"))
        .contains("\"policy\" : \"" + (policy == null ? "" : policy) + "\"");
  }
}
