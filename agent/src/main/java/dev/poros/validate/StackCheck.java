package dev.poros.validate;

import com.networknt.schema.Schema;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceCondition;
import dev.poros.model.ResourceType;
import dev.poros.template.Template;
import dev.poros.template.TemplateException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks what schemas cannot: that a stack's templates parse (and use only supported functions),
 * its resource conditions parse and its stackSpec schema is one, and that each runnable's {@code
 * stackSpec} fits the schema of the stack it names.
 */
final class StackCheck {
  static final List<String> KINDS = List.of("workflowJobConfig", "serviceConfig", "workerConfig");
  static final List<String> TEMPLATES =
      List.of(
          "configFileTemplate",
          "containerResourceTemplate",
          "resourceTemplate",
          "resourceTemplateConfig/resourceTemplate");

  private final StackSchemas schemas = new StackSchemas();

  /** Problems of a {@code type: stack} resource's templates and stackSpec schema. */
  List<Problem> checkStack(Resource stack) {
    List<Problem> problems = new ArrayList<>();
    for (String kind : KINDS) {
      for (String field : TEMPLATES) {
        String pointer = "/stack/" + kind + "/" + field;
        JsonNode text = stack.manifest().at(pointer);
        if (text.isString()) {
          try {
            Template.parse(text.asString());
          } catch (TemplateException e) {
            // the template's first line is the one after its key (a block scalar)
            int line = stack.origin().lineOf(pointer) + e.line();
            problems.add(
                new Problem(
                    stack.origin().file(),
                    line,
                    Problem.fieldName(pointer),
                    "template line " + e.line() + ": " + e.getMessage()));
          }
        }
      }
      for (String field : List.of("successCondition", "failureCondition")) {
        String pointer = "/stack/" + kind + "/resourceTemplateConfig/" + field;
        JsonNode text = stack.manifest().at(pointer);
        try {
          ResourceCondition.parse(text.isString() ? text.asString() : "");
        } catch (ResourceCondition.SyntaxException e) {
          problems.add(stack.origin().problem(pointer, e.getMessage()));
        }
      }
    }
    JsonNode schema = stack.manifest().at("/stack/stackSpecValueSchema/jsonSchema");
    if (schema.isString()) {
      try {
        schemas.compile(schema.asString());
      } catch (IllegalArgumentException e) {
        problems.add(
            stack.origin().problem("/stack/stackSpecValueSchema/jsonSchema", e.getMessage()));
      }
    }
    return problems;
  }

  /** Problems of the {@code stackSpec} beside the stack reference at {@code stackPointer}. */
  List<Problem> checkStackSpec(Resource runnable, String stackPointer, Resource stack) {
    JsonNode schemaText = stack.manifest().at("/stack/stackSpecValueSchema/jsonSchema");
    if (!schemaText.isString() || stack.type() != ResourceType.STACK) {
      return List.of();
    }
    Schema schema;
    try {
      schema = schemas.compile(schemaText.asString());
    } catch (IllegalArgumentException e) {
      return List.of(); // the stack itself is rejected for it
    }
    String specPointer =
        stackPointer.substring(0, stackPointer.length() - "stack".length()) + "stackSpec";
    JsonNode spec = runnable.maskedManifest().at(specPointer);
    String stackName = runnable.maskedManifest().at(stackPointer).asString();
    if (spec.isMissingNode() || spec.isNull()) {
      return List.of(
          runnable
              .origin()
              .problem(
                  specPointer,
                  "stack "
                      + stackName
                      + " needs a stackSpec, and it is "
                      + (spec.isNull() ? "empty" : "missing")));
    }
    return schema.validate(spec).stream()
        .map(
            error -> {
              String at = specPointer + SchemaCheck.pointer(error.getInstanceLocation());
              if (error.getProperty() != null
                  && List.of("required", "additionalProperties").contains(error.getKeyword())) {
                at = at + "/" + error.getProperty();
              }
              return runnable
                  .origin()
                  .problem(at, SchemaCheck.message(error) + " (schema of stack " + stackName + ")");
            })
        .distinct()
        .toList();
  }
}
