package dev.poros.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import dev.poros.model.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CelProgramsTest {
  private final CelPrograms programs = new CelPrograms(10_000);

  private Object eval(String expression, String resourceJson) throws Exception {
    CelPrograms.Compiled compiled = programs.compile(expression);
    assertThat(compiled.error()).isNull();
    Map<String, Object> vars = new HashMap<>();
    vars.put("resource", CelValues.of(Json.JSON.readTree(resourceJson)));
    vars.put("oldResource", CelValues.of(null));
    vars.put("object", CelValues.of(null));
    vars.put("oldObject", CelValues.of(null));
    vars.put("commit", Map.of("sha", "abc"));
    vars.put("repository", Map.of("name", "r"));
    return programs.evaluate(compiled, name -> Optional.ofNullable(vars.get(name)));
  }

  @Test
  void readsJsonAsCelValues() throws Exception {
    String service = "{\"service\": {\"replicas\": 3, \"tags\": [\"a\"], \"x\": null}}";
    assertThat(eval("resource.service.replicas > 2", service)).isEqualTo(true);
    assertThat(eval("has(resource.service.healthCheck)", service)).isEqualTo(false);
    assertThat(eval("resource.service.tags.exists(t, t == 'a')", service)).isEqualTo(true);
    assertThat(eval("resource.service.x == null", service)).isEqualTo(true);
    assertThat(eval("oldResource == null", service)).isEqualTo(true);
    assertThat(eval("'a-b'.split('-').size() == 2", service)).isEqualTo(true);
    // matches() finds its pattern anywhere, as the CEL specification says; anchors anchor
    assertThat(eval("'orders-daily'.matches('s-d')", service)).isEqualTo(true);
    assertThat(eval("'orders-daily'.matches('^s-d')", service)).isEqualTo(false);
    assertThat(eval("matches('orders-daily', '^[a-z-]+$')", service)).isEqualTo(true);
    assertThat(eval("\"replicas \" + string(resource.service.replicas)", service))
        .isEqualTo("replicas 3");
  }

  @Test
  void anExpressionOverItsBudgetIsStopped() {
    String list = "{\"l\": [" + "1,".repeat(200) + "1]}";
    assertThatThrownBy(
            () -> eval("resource.l.all(a, resource.l.all(b, resource.l.all(c, a == b)))", list))
        .isInstanceOf(CelPrograms.OverBudget.class);
  }

  @Test
  void onlyAnExpressionWithLoopsIsMeteredTheOthersCannotCostMoreThanTheirSize() throws Exception {
    assertThat(programs.compile("resource.l.all(a, a > 0)").loops()).isTrue();
    assertThat(programs.compile("resource.l.map(a, a + 1).size() > 0").loops()).isTrue();
    assertThat(programs.compile("cel.bind(n, resource.l, n.size() > 0)").loops()).isTrue();
    assertThat(programs.compile("has(resource.l) && resource.l[0] > 0 ? true : false").loops())
        .isFalse();
    // unmetered, it still answers as the metered one does
    assertThat(eval("has(resource.l) && resource.l[0] > 0 ? true : false", "{\"l\": [1]}"))
        .isEqualTo(true);
  }

  @Test
  void aPatternThatDoesNotCompileOrIsTooBigIsAnEvaluationError() throws Exception {
    String empty = "{}";
    assertThatThrownBy(() -> eval("'a'.matches('(')", empty))
        .isInstanceOf(CelEvaluationException.class)
        .hasMessageContaining("invalid pattern");
    assertThatThrownBy(() -> eval("'a'.matches('(a|b){1,1000}')", empty))
        .isInstanceOf(CelEvaluationException.class)
        .hasMessageContaining("program steps");
    // a pattern's error is remembered with it, and the same pattern errs again
    assertThatThrownBy(() -> eval("matches('a', '(')", empty))
        .isInstanceOf(CelEvaluationException.class);
    assertThat(eval("'a'.matches('a') && !'b'.matches('a')", empty)).isEqualTo(true);
  }

  @Test
  void anExpressionThatDoesNotCompileSaysWhy() {
    assertThat(programs.compile("resource.(").error())
        .isEqualTo("at 1:10: no viable alternative at input '.('");
    assertThat(programs.compile("nope.x").error()).contains("undeclared reference to 'nope'");
  }
}
