package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesExecutor;
import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.reconcile.Reconciler;
import dev.poros.render.RenderException;
import dev.poros.render.RenderedJob;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code poros render RESOURCE}: what a runnable turns into through its stack. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Prints what a workflow, service or worker turns into: per job its stack, image, command, "
            + "environment (secrets masked) and rendered config files and templates; with "
            + "--executor kubernetes, the objects any resource becomes (Secret values masked).")
final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RepoOptions repo;
  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      description = "The resource: its id (workflow:v1:etl:public) or its name.")
  String resource;

  @Option(names = "--ref", description = "Branch, tag or commit (default: the followed branch).")
  String ref;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring =
        new Wiring(global.dataDir, Clock.systemUTC()).withInstance(repo.instance())) {
      // judging reads the commit only: no executor, and so no cluster, is needed
      Reconciler.Judgement judgement = wiring.reconciler("local").judge(repo.spec(), ref);
      Resource target = Resources.find(judgement.desired(), resource, null);
      if (repo.executor.equals(KubernetesExecutor.NAME) && target.type() != ResourceType.WORKFLOW) {
        return printObjects(wiring, target, judgement.needed(target), format);
      }
      List<RenderedJob> jobs;
      try {
        jobs = wiring.stackRenderer().render(target, judgement.needed(target), false);
      } catch (RenderException e) {
        spec.commandLine().getErr().println("poros: " + target.key().id() + ": " + e.getMessage());
        return ExitCodes.RESOURCE_FAILED;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.TABLE) {
        jobs.forEach(job -> printText(out, job));
        out.flush();
      } else {
        Output.write(out, format, jobs.stream().map(RenderCommand::document).toList());
      }
      return ExitCodes.OK;
    }
  }

  /** What {@code target} becomes on the cluster, as YAML documents or a JSON/YAML list. */
  private int printObjects(Wiring wiring, Resource target, List<Resource> needed, Format format) {
    List<ObjectNode> objects;
    try {
      objects =
          KubernetesExecutor.preview(
              repo.kubernetes(), wiring.stores().vault(), wiring.stackRenderer(), target, needed);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("poros: " + target.key().id() + ": " + e.getMessage());
      return ExitCodes.RESOURCE_FAILED;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.TABLE) {
      if (objects.isEmpty()) {
        out.printf("%s becomes no Kubernetes object: it is recorded only%n", target.key().id());
      }
      for (ObjectNode object : objects) {
        out.println("---"); // documents kubectl apply -f can read as they are
        out.print(Json.YAML.writeValueAsString(object));
      }
      out.flush();
    } else {
      Output.write(out, format, objects);
    }
    return ExitCodes.OK;
  }

  private static void printText(PrintWriter out, RenderedJob job) {
    out.printf("job %s (stack %s)%n", job.job(), job.stack());
    if (!job.image().isEmpty()) {
      out.printf("  image: %s%n", job.image());
    }
    out.printf("  command: %s%n", Json.JSON.writeValueAsString(job.command()));
    out.printf("  secrets: projected as %s%n", job.secretProjection());
    out.println("  environment:");
    job.environment().forEach((k, v) -> out.printf("    %s=%s%n", k, v));
    job.configFiles()
        .forEach(
            (name, content) -> {
              out.printf("  config file %s:%n", name);
              content.lines().forEach(l -> out.println("    " + l));
            });
    job.secretFiles()
        .forEach(
            (name, content) -> {
              out.printf("  secret file %s:%n", name);
              content.lines().forEach(l -> out.println("    " + l));
            });
    for (String[] template :
        List.of(
            new String[] {"container resource", job.templates().container()},
            new String[] {"resource template", job.templates().resource()},
            new String[] {"success condition", job.templates().successCondition().text()},
            new String[] {"failure condition", job.templates().failureCondition().text()})) {
      if (!template[1].isBlank()) {
        out.printf("  %s:%n", template[0]);
        template[1].lines().forEach(l -> out.println("    " + l));
      }
    }
  }

  private static Map<String, Object> document(RenderedJob job) {
    return Output.object(
        "job",
        job.job(),
        "stack",
        job.stack(),
        "image",
        job.image(),
        "command",
        job.command(),
        "environment",
        job.environment(),
        "secretProjection",
        job.secretProjection(),
        "configFiles",
        job.configFiles(),
        "secretFiles",
        job.secretFiles(),
        "containerResource",
        job.templates().container(),
        "resourceTemplate",
        job.templates().resource(),
        "successCondition",
        job.templates().successCondition().text(),
        "failureCondition",
        job.templates().failureCondition().text());
  }
}
