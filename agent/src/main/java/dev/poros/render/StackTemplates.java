package dev.poros.render;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceCondition;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job's Kubernetes templates as its stack rendered them (blank when the stack has none): the
 * pod's containers ({@code containerResourceTemplate}: {@code container} and {@code
 * initContainers}), the objects that stand for the job ({@code resourceTemplate}), and when those
 * objects are done ({@code resourceTemplateConfig.successCondition} / {@code failureCondition}).
 */
public record StackTemplates(
    String container,
    String resource,
    ResourceCondition successCondition,
    ResourceCondition failureCondition) {
  public static final StackTemplates NONE =
      new StackTemplates("", "", ResourceCondition.NONE, ResourceCondition.NONE);

  /**
   * The Secret DataOS stacks' container templates take a runnable's environment from ({@code
   * NAME-TYPE-STAMP-env}): a new one, and so a rollout, whenever the runnable changes.
   */
  public static String environmentSecret(Resource runnable) {
    return runnable.name()
        + "-"
        + runnable.type().typeName()
        + TemplateContext.stamp(runnable)
        + "-env";
  }

  /**
   * The objects a rendered template's YAML documents hold (blank documents left out); a {@link
   * RenderException} says what is not an object with an apiVersion, a kind and a name.
   */
  public static List<ObjectNode> objects(String rendered) {
    List<ObjectNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        Json.YAML.readerFor(JsonNode.class).readValues(rendered)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (!(document instanceof ObjectNode object)
            || object.path("apiVersion").asString("").isEmpty()
            || object.path("kind").asString("").isEmpty()
            || object.at("/metadata/name").asString("").isEmpty()) {
          throw new RenderException(
              "document "
                  + (objects.size() + 1)
                  + " is not an object with apiVersion, kind and name");
        }
        objects.add(object);
      }
    } catch (JacksonException e) {
      throw new RenderException("renders to invalid YAML: " + e.getOriginalMessage());
    }
    return objects;
  }
}
