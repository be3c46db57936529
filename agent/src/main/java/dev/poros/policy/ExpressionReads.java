package dev.poros.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an expression can see of its variables: each use of a variable followed by the longest chain
 * of field selections on it ({@code resource.workflow.dag}, {@code has(resource.owner)}). Nothing
 * else of a variable reaches the expression, so two evaluations that find the same values at the
 * ends of these chains have the same outcome.
 */
final class ExpressionReads {
  private ExpressionReads() {}

  /** A variable and the fields selected on it, outermost first. */
  record Read(String variable, List<String> fields) {}

  /** The reads of {@code ast} among {@code variables}. */
  static List<Read> of(CelAbstractSyntaxTree ast, Collection<String> variables) {
    Set<Read> reads = new LinkedHashSet<>();
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.IDENT)
        .filter(node -> variables.contains(node.expr().ident().name()))
        .forEach(node -> reads.add(selectedFrom(node, node.expr().ident().name())));
    return List.copyOf(reads);
  }

  private static Read selectedFrom(CelNavigableExpr ident, String variable) {
    List<String> fields = new ArrayList<>();
    CelNavigableExpr node = ident;
    Optional<CelNavigableExpr> parent = node.parent();
    while (parent.isPresent()
        && parent.get().expr().getKind() == CelExpr.ExprKind.Kind.SELECT
        && parent.get().expr().select().operand().id() == node.expr().id()) {
      node = parent.get();
      fields.add(node.expr().select().field());
      parent = node.parent();
    }
    return new Read(variable, List.copyOf(fields));
  }
}
