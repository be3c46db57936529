package dev.poros.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.store.SecretVault;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResourceFactoryTest {
  final ManifestLoader loader = new ManifestLoader(new ResourceFactory(SecretVault.ephemeral()));

  Resource one(String yaml) {
    ParsedFile parsed = loader.parse("f.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).isEmpty();
    return parsed.resources().get(0);
  }

  @Test
  void workspaceLevelTypesDefaultToThePublicWorkspace() {
    assertThat(one("name: w\nversion: v1\ntype: worker\nworker: {}\n").key().id())
        .isEqualTo("worker:v1:w:public");
    assertThat(one("name: d\nversion: v1\ntype: depot\ndepot: {type: S3}\n").key().id())
        .isEqualTo("depot:v1:d");
  }

  @Test
  void kubernetesObjectsAreKeyedByGroupKindNamespaceAndName() {
    Resource deployment =
        one("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");
    Resource configMap = one("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");

    assertThat(deployment.type()).isEqualTo(ResourceType.KUBERNETES);
    assertThat(deployment.key().id()).isEqualTo("apps/Deployment:shop:web");
    assertThat(deployment.typeLabel()).isEqualTo("apps/Deployment");
    assertThat(configMap.key().id()).isEqualTo("/ConfigMap::settings");
  }

  @Test
  void keyOrderAndYamlStyleDoNotChangeTheHash() {
    Resource block =
        one(
            "name: c\nversion: v1\ntype: compute\ncompute:\n  purpose: runnable\n  dataplane: hub\n");
    Resource flow =
        one("type: compute\ncompute: {dataplane: hub, purpose: runnable}\nversion: v1\nname: c\n");

    assertThat(flow.hash()).isEqualTo(block.hash());
    assertThat(flow.maskedJson()).isEqualTo(block.maskedJson());
  }

  @Test
  void secretValuesOfDataosAndKubernetesSecretsAreMaskedAndHashedOnlyThroughTheKeyedDigest() {
    Resource secret =
        one(
            "name: s\nversion: v1\ntype: secret\nsecret:\n  type: key-value\n  data:\n    pw: hunter2\n    pin: 1234\n");
    Resource k8s =
        one(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {pw: hunter2}\ndata: {b: aHVudGVyMg==}\n");

    assertThat(secret.maskedJson()).doesNotContain("hunter2", "1234").contains(SecretData.MASK);
    assertThat(secret.secrets().values())
        .containsEntry("/secret/data/pw", "hunter2")
        .containsEntry("/secret/data/pin", "1234");
    assertThat(secret.toString()).isEqualTo("secret:v1:s:public");
    assertThat(secret.secrets().toString()).doesNotContain("hunter2");
    assertThat(k8s.maskedJson()).doesNotContain("hunter2", "aHVudGVyMg==");
    assertThat(k8s.secrets().values()).containsKeys("/stringData/pw", "/data/b");
    Resource changed =
        one(
            "name: s\nversion: v1\ntype: secret\nsecret:\n  type: key-value\n  data:\n    pw: hunter3\n    pin: 1234\n");
    assertThat(changed.maskedJson()).isEqualTo(secret.maskedJson());
    assertThat(changed.hash()).isNotEqualTo(secret.hash());
  }

  @Test
  void aDepotsInlineConnectionSecretIsMasked() {
    Resource depot =
        one(
            "name: sf\nversion: v1\ntype: depot\ndepot:\n  type: snowflake\n  connectionSecret:\n"
                + "    - acl: rw\n      type: key-value-properties\n      data:\n        password: iamavenger\n");

    assertThat(depot.maskedJson()).doesNotContain("iamavenger").contains(SecretData.MASK);
    assertThat(depot.secrets().values())
        .containsEntry("/depot/connectionSecret/0/data/password", "iamavenger");
  }

  @Test
  void documentsWithoutAnIdentityAreProblemsOnTheirOwnLines() {
    ParsedFile parsed =
        loader.parse(
            "f.yaml",
            """
        name: ok
        version: v1
        type: compute
        compute: {purpose: query}
        ---
        name: untyped
        version: v1
        ---
        - a list
        ---
        type: depot
        version: v1
        """
                .getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.resources()).extracting(r -> r.key().id()).containsExactly("compute:v1:ok");
    assertThat(parsed.problems())
        .extracting(Object::toString)
        .containsExactly(
            "f.yaml:6: type: required field missing (one of: workflow, service, worker, secret, instance-secret, depot, policy, admission-policy, compute, stack, cluster, bundle)",
            "f.yaml:9: a manifest must be a mapping, not a list",
            "f.yaml:11: name: required field missing");
    assertThat(parsed.intact()).isFalse();
  }
}
