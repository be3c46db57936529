package dev.poros.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real Kubernetes control plane of {@code src/test/infra/kube-up} (etcd, kube-apiserver,
 * controller-manager, scheduler, kwok's simulated nodes) as a JUnit 5 extension. It starts once per
 * test JVM, shared by every test class that uses it, and stops when the run ends — also when tests
 * fail or the JVM is interrupted. Each test class gets a {@link Kube}: admin and restricted clients
 * and a namespace of its own.
 *
 * <pre>
 * &#64;ExtendWith(KubeCluster.class)
 * class SomethingIT {
 *   &#64;Test void works(Kube kube) { kube.admin().configMaps().inNamespace(kube.namespace())... }
 * }
 * </pre>
 */
public final class KubeCluster implements ParameterResolver {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubeCluster.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Kube.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    InfraScript.Started plane =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                InfraScript.Started.class,
                k -> InfraScript.Started.start("kube-up", "kube"),
                InfraScript.Started.class);
    ExtensionContext classContext = InfraScript.classContext(context);
    return classContext
        .getStore(STORE)
        .getOrComputeIfAbsent(
            Kube.class, k -> Kube.forClass(plane, classContext.getRequiredTestClass()), Kube.class);
  }

  /** What one test class gets: clients of the control plane and a namespace of its own. */
  public static final class Kube implements AutoCloseable {
    private final InfraScript.Started plane;
    private final boolean ownPlane;
    private final KubernetesClient admin;
    private final KubernetesClient restricted;
    private final String namespace;

    private Kube(InfraScript.Started plane, boolean ownPlane, String namespace) {
      this.plane = plane;
      this.ownPlane = ownPlane;
      this.admin = client(plane.path("KUBECONFIG"));
      this.restricted = client(plane.path("KUBE_RESTRICTED_KUBECONFIG"));
      this.namespace = namespace;
    }

    static Kube forClass(InfraScript.Started plane, Class<?> testClass) {
      String name = InfraScript.nameFor(testClass);
      Kube kube = new Kube(plane, false, name);
      kube.createNamespace(name);
      return kube;
    }

    /**
     * A second control plane of its own, for one agent applying to two clusters: started now (a few
     * seconds once built), with {@code testClass}'s namespace; closing it stops that plane.
     */
    public static Kube another(Class<?> testClass) {
      InfraScript.Started plane = InfraScript.Started.start("kube-up", "kube-another");
      Kube kube = new Kube(plane, true, InfraScript.nameFor(testClass));
      kube.createNamespace(kube.namespace);
      return kube;
    }

    private static KubernetesClient client(Path kubeconfig) {
      try {
        return new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Creates namespace {@code name} (the test class's own, or one more a test needs). */
    public void createNamespace(String name) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }

    /** Waits until Deployment {@code name} has {@code replicas} available (kwok runs them). */
    public void awaitAvailable(String namespace, String name, int replicas) {
      Awaitility.await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Integer.valueOf(replicas)
                      .equals(
                          admin
                              .apps()
                              .deployments()
                              .inNamespace(namespace)
                              .withName(name)
                              .get()
                              .getStatus()
                              .getAvailableReplicas()));
    }

    /** A client with every right (the {@code admin} user, in {@code system:masters}). */
    public KubernetesClient admin() {
      return admin;
    }

    /** A client of the {@code restricted} user, who may do nothing a test has not granted. */
    public KubernetesClient restricted() {
      return restricted;
    }

    /** This test class's namespace, deleted after it. */
    public String namespace() {
      return namespace;
    }

    /**
     * A name for one test's own namespace, under the class's: tests then do not see each other's
     * objects. Whoever creates it deletes it.
     */
    public String testNamespace() {
      return namespace + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    public Path kubeconfig() {
      return plane.path("KUBECONFIG");
    }

    public Path restrictedKubeconfig() {
      return plane.path("KUBE_RESTRICTED_KUBECONFIG");
    }

    /** The Kubernetes version the scripts pinned ({@code src/test/infra/versions}). */
    public String version() {
      return plane.get("KUBE_VERSION");
    }

    /** The API server's audit log of write requests. */
    public AuditLog audit() {
      return new AuditLog(plane.path("KUBE_AUDIT_LOG"));
    }

    /** One RBAC rule: {@code verbs} on {@code resource} of API group {@code group}. */
    public static PolicyRule rule(String group, String resource, String... verbs) {
      return new PolicyRuleBuilder()
          .withApiGroups(group)
          .withResources(resource)
          .withVerbs(verbs)
          .build();
    }

    /**
     * Lets the {@code restricted} user do what {@code rules} say in {@code namespace}: a Role and a
     * RoleBinding named {@code name}.
     */
    public void allowRestricted(String namespace, String name, PolicyRule... rules) {
      admin
          .rbac()
          .roles()
          .inNamespace(namespace)
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .withRules(rules)
                  .build())
          .create();
      admin
          .rbac()
          .roleBindings()
          .inNamespace(namespace)
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("Role")
                  .withName(name)
                  .endRoleRef()
                  .addNewSubject()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("User")
                  .withName("restricted")
                  .endSubject()
                  .build())
          .create();
    }

    /**
     * The log every simulated container serves through the pod log API (CRI lines: {@code
     * <RFC3339Nano> stdout F <text>}); a test may append lines.
     */
    public Path podLog() {
      return plane.path("KUBE_POD_LOG");
    }

    /** {@code kubectl} built from the same Kubernetes module. */
    public Path kubectl() {
      return plane.path("KUBECTL");
    }

    @Override
    public void close() {
      // not waited for: the namespace controller takes seconds, and nothing reuses the name
      admin.namespaces().withName(namespace).delete();
      admin.close();
      restricted.close();
      if (ownPlane) {
        plane.close();
      }
    }
  }
}
