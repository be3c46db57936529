package dev.poros.apply.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Connects to the cluster the settings name, as kubectl would find it. */
public final class KubernetesClients {
  private KubernetesClients() {}

  /** Whether kubectl would find a cluster here without being told where. */
  private static boolean configured() {
    String kubeconfig = System.getenv("KUBECONFIG");
    return (kubeconfig != null && !kubeconfig.isBlank())
        || Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || Files.isRegularFile(Path.of(SERVICE_ACCOUNT_TOKEN));
  }

  private static final String SERVICE_ACCOUNT_TOKEN =
      "/var/run/secrets/kubernetes.io/serviceaccount/token";

  /**
   * A client of the cluster {@code settings} name; an {@link IllegalArgumentException} saying what
   * is needed when none is named and none can be found.
   */
  public static KubernetesClient connect(KubernetesSettings settings) {
    Config config;
    if (settings.kubeconfig() != null) {
      try {
        config =
            Config.fromKubeconfig(
                settings.context(),
                Files.readString(settings.kubeconfig()),
                settings.kubeconfig().toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read kubeconfig " + settings.kubeconfig(), e);
      }
    } else if (configured()) {
      // $KUBECONFIG, ~/.kube/config, or the pod's service account
      config = Config.autoConfigure(settings.context());
    } else {
      throw new IllegalArgumentException(
          "no cluster to apply to: give --kubeconfig, set $KUBECONFIG, write ~/.kube/config, or"
              + " run in a pod with a service account (its token mounted at "
              + SERVICE_ACCOUNT_TOKEN
              + ")");
    }
    // a cluster that does not answer fails the sync in seconds, not after a minute of retries
    config.setRequestRetryBackoffLimit(2);
    config.setConnectionTimeout(5_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
