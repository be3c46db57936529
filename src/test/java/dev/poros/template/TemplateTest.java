package dev.poros.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected outputs are what Go's text/template with Sprig prints for the same template and data.
 */
class TemplateTest {
  static final Map<String, Object> DATA = data();

  static Map<String, Object> data() {
    Map<String, Object> stackSpec = new LinkedHashMap<>();
    stackSpec.put(
        "input", Map.of("http_client", Map.of("url", "https://example.com", "verb", "GET")));
    stackSpec.put("tags", List.of("a", "b"));
    stackSpec.put(
        "repo", Map.of("url", "https://git.example/repo", "syncFlags", List.of("--ref=main")));
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("StackSpec", stackSpec);
    app.put("LogLevel", "DEBUG");
    app.put("EnvironmentVars", Map.of("B", "2", "A", "one \"1\""));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("Name", "orders");
    root.put("Stamp", "-x1");
    root.put("Type", "service");
    root.put("Replicas", 2L);
    root.put("Empty", "");
    root.put("ApplicationSpec", app);
    return root;
  }

  static String render(String template) {
    return Template.parse(template).render(DATA);
  }

  @Test
  void printsFieldsAndTextAndGoesPastMissingKeysAsGoDoes() {
    assertThat(render("name: {{.Name}}{{ .Stamp }} level={{.ApplicationSpec.LogLevel}}"))
        .isEqualTo("name: orders-x1 level=DEBUG");
    assertThat(render("{{.Missing}}")).isEqualTo("<no value>");
    assertThatThrownBy(() -> render("{{.Missing.Deeper}}"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("nil pointer evaluating .Missing.Deeper");
  }

  @Test
  void dataOsInstanceFunctionsReadTheDataOfTheSameName() {
    Map<String, Object> data = new LinkedHashMap<>(DATA);
    data.put("DataOsFqdn", "dataos.example");
    assertThat(Template.parse("https://{{DataOsFqdn}}/ds {{ DataOsFqdn | upper }}").render(data))
        .isEqualTo("https://dataos.example/ds DATAOS.EXAMPLE");
    assertThat(
            Template.parse("{{ range .ApplicationSpec.StackSpec.tags }}{{DataOsFqdn}}{{end}}")
                .render(data))
        .isEqualTo("dataos.exampledataos.example");
  }

  @Test
  void pipesIntoTheLastArgument() {
    assertThat(render("{{ toYaml .ApplicationSpec.StackSpec.input | indent 2 }}"))
        .isEqualTo("  http_client:\n    url: https://example.com\n    verb: GET");
    assertThat(render("x:{{ .ApplicationSpec.StackSpec.tags | toYaml | nindent 2 }}"))
        .isEqualTo("x:\n  - a\n  - b");
    assertThat(render("{{ .Name | quote }} {{ quote .Missing }}|{{ squote .Name }}"))
        .isEqualTo("\"orders\" |'orders'");
    assertThat(
            render(
                "{{ .Missing | default \"none\" }} {{ .Name | default \"none\" }} {{ .Empty | default 3 }}"))
        .isEqualTo("none orders 3");
    assertThat(render("{{ toJson .ApplicationSpec.StackSpec.tags }}")).isEqualTo("[\"a\",\"b\"]");
    assertThat(render("{{ list .Name \"persistent-data-mount\" | join \"-\" }}"))
        .isEqualTo("orders-persistent-data-mount");
    assertThat(render("{{ printf \"%s-%d %q\" .Name .Replicas .Type }}"))
        .isEqualTo("orders-2 \"service\"");
  }

  @Test
  void branchesOnTruthWithElseIfAndElse() {
    String t = "{{ if .Missing }}a{{ else if eq .Type \"service\" }}b{{ else }}c{{ end }}";
    assertThat(render(t)).isEqualTo("b");
    assertThat(
            render(
                "{{ if not .Empty }}empty{{ end }}{{ if and .Missing .Missing.X }}never{{ end }}"))
        .as("and stops at the first falsy argument, as in Go")
        .isEqualTo("empty");
    assertThatThrownBy(() -> render("{{ if and .Name .Missing.X }}x{{ end }}"))
        .isInstanceOf(TemplateException.class);
    assertThat(render("{{ if or .Missing .Name }}{{ .Name }}{{ end }}")).isEqualTo("orders");
    assertThat(render("{{ with .ApplicationSpec }}{{ .LogLevel }}{{ else }}none{{ end }}"))
        .isEqualTo("DEBUG");
    assertThat(render("{{ with .Missing }}x{{ else }}none{{ end }}")).isEqualTo("none");
  }

  @Test
  void rangesOverListsAndMapsInKeyOrderWithVariables() {
    assertThat(render("{{ range .ApplicationSpec.StackSpec.tags }}[{{ . }}]{{ end }}"))
        .isEqualTo("[a][b]");
    assertThat(
            render(
                "{{- range $k, $v := .ApplicationSpec.EnvironmentVars }}\n- {{ $k }}={{ $v | quote }}\n{{- end }}"))
        .isEqualTo("\n- A=\"one \\\"1\\\"\"\n- B=\"2\"");
    assertThat(
            render(
                "{{ range $i, $t := .ApplicationSpec.StackSpec.tags }}{{ $i }}{{ $t }}{{ $.Name }} {{ end }}"))
        .isEqualTo("0aorders 1borders ");
    assertThat(render("{{ range .Missing }}x{{ else }}nothing{{ end }}")).isEqualTo("nothing");
  }

  @Test
  void declaresAndAssignsVariables() {
    assertThat(
            render("{{- $repo := .ApplicationSpec.StackSpec.repo }}{{ getNested $repo \"url\" }}"))
        .isEqualTo("https://git.example/repo");
    assertThat(render("{{ $x := 1 }}{{ if .Name }}{{ $x = 2 }}{{ end }}{{ $x }}")).isEqualTo("2");
    assertThat(render("{{ $r := .ApplicationSpec.StackSpec.repo }}{{ $r.url }}"))
        .isEqualTo("https://git.example/repo");
  }

  @Test
  void trimsWhitespaceBesideDashesAndDropsComments() {
    assertThat(render("a  {{- .Name -}}  \n b")).isEqualTo("aordersb");
    assertThat(render("a {{/* a comment */}}b {{- /* trimmed */ -}} c")).isEqualTo("a bc");
    assertThat(render("{{ `{{workflow.name}}` }}")).isEqualTo("{{workflow.name}}");
  }

  @Test
  void dataosHelpersReadNestedMaps() {
    assertThat(render("{{ getNested .ApplicationSpec.StackSpec \"input.http_client.verb\" }}"))
        .isEqualTo("GET");
    assertThat(
            render(
                "{{ hasNested .ApplicationSpec.StackSpec \"input.nope\" }} {{ hasKey .ApplicationSpec.StackSpec \"repo\" }}"))
        .isEqualTo("false true");
    assertThat(render("{{ getMapValue .ApplicationSpec.EnvironmentVars \"B\" }}")).isEqualTo("2");
  }

  @Test
  void resolveAsksTheAddressesItIsGivenForOneAddressAListOrAMappingNamingIt() {
    Addresses depots =
        address -> {
          if (!address.startsWith("dataos://lake:")) {
            throw new IllegalArgumentException("depot of " + address + " is not declared");
          }
          return Map.of(
              "Depot", "lake", "Dataset", address.substring(address.lastIndexOf('/') + 1));
        };
    Map<String, Object> data =
        Map.of(
            "In",
            "dataos://lake:sales/orders",
            "Outs",
            List.of(Map.of("dataset", "dataos://lake:sales/items")));
    assertThat(
            Template.parse(
                    "{{ (resolve .In).Dataset }}{{ range $o := resolve .Outs }} {{ $o.Dataset }}{{ end }}")
                .render(data, depots))
        .isEqualTo("orders items");
    assertThatThrownBy(
            () -> Template.parse("\n{{ resolve \"dataos://sea:x/y\" }}").render(data, depots))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage())
                  .isEqualTo("error calling resolve: depot of dataos://sea:x/y is not declared");
            });
    // named as an argument it is called with none, and says so, as Go does: never a silent null
    assertThatThrownBy(() -> Template.parse("{{ print resolve }}").render(data, depots))
        .hasMessageContaining("error calling resolve: resolve takes 1 argument, got 0");
    assertThatThrownBy(() -> Template.parse("{{ print and }}").render(data, depots))
        .hasMessageContaining("and takes at least 1 argument");
  }

  @Test
  void unsupportedConstructsAreErrorsThatNameTheConstructAndTheLine() {
    assertThatThrownBy(() -> Template.parse("line one\n{{ $d := lookup .X }}"))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage()).isEqualTo("function 'lookup' is not supported");
            });
    assertThatThrownBy(() -> Template.parse("a\nb\n{{ if .X }}\nopen"))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage())
                  .isEqualTo("{if} without {end}".replace("{", "{{").replace("}", "}}"));
            });
    assertThatThrownBy(() -> Template.parse("{{ define \"x\" }}{{ end }}"))
        .hasMessage("{{define}} is not supported");
    assertThatThrownBy(() -> Template.parse("{{ .Name ")).hasMessageContaining("unclosed action");
    assertThatThrownBy(() -> Template.parse("{{ end }}")).hasMessage("unexpected {{end}}");
    assertThatThrownBy(() -> render("{{ .Name .Type }}"))
        .hasMessage("can't give argument to non-function .Name");
    assertThatThrownBy(() -> render("{{ indent \"two\" .Name }}"))
        .hasMessage("error calling indent: indent needs a number of spaces first, got string");
  }
}
