package dev.poros.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.RepoFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DataOS's second round (issue 17): the stacks every DataOS instance has, built in; what a
 * container-only stack does under the local executor; {@code resolve} over declared depots; the
 * {@code v1beta1} version DataOS's own examples write.
 */
class DataOsStacksIT {
  static final String WORKFLOW = "workflow:v1:abfss-write-avro:public";

  @RegisterExtension final RepoFixture fixture = new RepoFixture();

  @Test
  void aFlareWorkflowIsRefusedLocallyForWantOfAContainerRuntimeAndRendersAsItsImageWouldRun() {
    fixture
        .repo()
        .copy("conformance/dataos-docs/workflow/abfss-write-avro-flare7.yaml", "flare.yaml")
        .commit("a documented Flare workflow");

    Cli.Result sync = fixture.poros().sync(fixture.repo());

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    assertThat(sync.all())
        .contains("stack flare:7.0 needs a container runtime: use the Kubernetes executor")
        .doesNotContain("is not declared");
    assertThat(fixture.poros().resource(WORKFLOW)).containsEntry("status", "error");

    Cli.Result render = render(WORKFLOW);
    assertThat(render.exitCode()).as(render.all()).isZero();
    assertThat(render.out())
        .contains("job city-abfss-write-avro (stack flare:7.0)")
        .contains("image: docker.io/rubiklabs/flare:7.0")
        .contains("config file jobconfig.yaml:")
        .contains("dataset: dataos://lakehouse:retail/city");
    Cli.Result elsewhere =
        render(
            WORKFLOW,
            "--instance-registry",
            "registry.example.com/dataos/",
            "--instance-fqdn",
            "dataos.example.com");
    assertThat(elsewhere.out())
        .contains("image: registry.example.com/dataos/flare:7.0")
        .contains("DATAOS_FQDN=dataos.example.com");

    Cli.Result listed = fixture.poros().run("get", "--all", "-o", "json");
    assertThat(Poros.jsonArray(listed))
        .filteredOn(r -> "stack:v1alpha:flare-v7".equals(r.get("id")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("layer", "system")
                    .containsEntry("file", "poros:system/stacks/flare.yaml"));
  }

  static final String READER =
      """
      name: reader-v1
      version: v1alpha
      type: stack
      stack:
        name: reader
        version: "1.0"
        command: [cat, /etc/dataos/config/resolved.yaml]
        workflowJobConfig:
          configFileTemplate: |
            resolved.yaml: |
              {{- $d := resolve .ApplicationSpec.StackSpec.input }}
              depot={{ $d.Depot }} collection={{ $d.Collection }} dataset={{ $d.Dataset }}
              type={{ $d.Type }} format={{ $d.Format }} account={{ $d.Abfss.Account }}
              acl={{ getMapValue $d.Resolution "acl" }} container={{ getMapValue $d.Resolution "container" }}
              {{- range $o := resolve .ApplicationSpec.StackSpec.outputs }}
              output={{ $o.Depot }}:{{ $o.Collection }}/{{ $o.Dataset }}
              {{- end }}
      """;

  static String workflow(String input) {
    return """
        name: reads
        version: v1
        type: workflow
        workflow:
          dag:
            - name: read
              spec:
                stack: reader:1.0
                stackSpec:
                  input: %s
                  outputs: [{dataset: "dataos://lake:sales/orders"}]
        """
        .formatted(input);
  }

  @Test
  void resolveGivesTheDeclaredDepotsFieldsAndAnUndeclaredDepotFailsTheRenderByName() {
    fixture
        .repo()
        .write("reader.yaml", READER)
        .write(
            "lake.yaml",
            "name: lake\nversion: v1\ntype: depot\ndepot:\n  type: ABFSS\n  spec:\n"
                + "    account: acct1\n    container: raw\n    relativePath: /lake\n"
                + "    format: iceberg\n")
        .write("reads.yaml", workflow("\"dataos://lake:retail/city?acl=rw\""))
        .commit("a stack that resolves addresses");

    Cli.Result render = render("workflow:v1:reads:public");

    assertThat(render.exitCode()).as(render.all()).isZero();
    assertThat(render.out())
        .contains("depot=lake collection=retail dataset=city")
        .contains("type=abfss format=iceberg account=acct1")
        .contains("acl=rw container=raw")
        .contains("output=lake:sales/orders");

    fixture
        .repo()
        .write("reads.yaml", workflow("\"dataos://nowhere:retail/city\""))
        .commit("undeclared");
    Cli.Result refused = render("workflow:v1:reads:public");
    assertThat(refused.exitCode()).as(refused.all()).isNotZero();
    assertThat(refused.err())
        .contains(
            "error calling resolve: depot 'nowhere' of dataos://nowhere:retail/city is not declared");
  }

  @Test
  void aV1beta1ManifestIsAcceptedWithAWordOnTheDocumentedSpelling() {
    fixture
        .repo()
        .write(
            "api.yaml",
            "name: api\nversion: v1beta1\ntype: service\nowner: web\nservice:\n  servicePort: 1\n"
                + "  command: [sleep, '600']\n  healthCheck: {command: [true]}\n")
        .commit("v1beta1");

    Cli.Result validate = Cli.run("validate", fixture.repo().dir().toString());

    assertThat(validate.exitCode()).as(validate.all()).isZero();
    assertThat(validate.all())
        .contains(
            "warning: api.yaml:2: version: v1beta1 is not a version DataOS documents (v1, v1beta,"
                + " v1alpha, v2alpha): accepted as written; the documented spelling is v1beta")
        .contains("1 valid");
  }

  /** {@code poros render ID} of the fixture's repository, with {@code extra} flags. */
  private Cli.Result render(String id, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("render", id, "--repo", fixture.repo().dir().toString()));
    args.addAll(List.of(extra));
    return fixture.poros().run(args.toArray(String[]::new));
  }
}
