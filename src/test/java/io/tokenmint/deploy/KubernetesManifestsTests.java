package io.tokenmint.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes against the Kubernetes API's own model (fabric8's, generated from the API's OpenAPI schema):
 * every document is a known kind at its API version, every value has its schema type, and no field is unknown
 * to the schema (fabric8 keeps unknown fields aside instead of failing, so they are looked for). Then what the
 * manifests must agree on with the image and compose.yaml: user, port, probes, volumes, memory, environment.
 */
class KubernetesManifestsTests {

	private static final Path MANIFESTS = Path.of("deploy/kubernetes");

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
			"Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class);

	private static final ObjectMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	@Test
	void everyManifestFollowsTheKubernetesSchema() throws IOException {
		List<HasMetadata> resources = manifests();
		assertThat(resources).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget");
	}

	@Test
	void aMisspeltFieldOrAWrongTypeIsCaught() {
		String deployment = """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: x}
				spec:
				  selector: {matchLabels: {a: b}}
				  template:
				    metadata: {labels: {a: b}}
				    spec:
				      containers: [{name: c, image: i, livenesProbe: {}}]
				""";
		assertThatThrownBy(() -> parse(deployment, "inline")).hasMessageContaining("livenesProbe");
		assertThatThrownBy(() -> parse(deployment.replace("livenesProbe: {}", "ports: [{containerPort: eighty}]"), "inline"))
			.hasMessageContaining("eighty");
		assertThatThrownBy(() -> parse(deployment.replace("apps/v1", "apps/v1beta1"), "inline"))
			.hasMessageContaining("apps/v1beta1");
	}

	@Test
	void theDeploymentRunsTheImageAsItIsBuilt() throws IOException {
		Deployment deployment = the(Deployment.class);
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		String dockerfile = Files.readString(Path.of("Dockerfile"));

		var user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
		assertThat(user.find()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
		assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

		assertThat(dockerfile).contains("EXPOSE 8080");
		assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");

		// The image's VOLUMEs: the keystore from a Secret, read-only; data/ in memory.
		assertThat(dockerfile).contains("VOLUME [\"/app/data\", \"/app/keys\"]");
		Map<String, VolumeMount> mounts = container.getVolumeMounts().stream()
			.collect(Collectors.toMap(VolumeMount::getMountPath, mount -> mount));
		assertThat(mounts).containsOnlyKeys("/app/keys", "/app/data");
		assertThat(mounts.get("/app/keys").getReadOnly()).isTrue();
		assertThat(volume(pod, mounts.get("/app/keys").getName()).getSecret()).isNotNull();
		assertThat(volume(pod, mounts.get("/app/data").getName()).getEmptyDir().getMedium()).isEqualTo("Memory");

		// Graceful shutdown (30 s per phase by default) and the preStop pause fit in the grace period.
		assertThat(container.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
		assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(5 + 30);
	}

	@Test
	void theDeploymentAgreesWithComposeOnMemoryAndEnvironment() throws IOException {
		Container container = the(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
		JsonNode compose = YAML.readTree(Path.of("compose.yaml").toFile()).get("x-tokenmint");

		// compose's "512m" is 512 MiB; the image's heap is a percentage of this limit.
		long composeBytes = Quantity.getAmountInBytes(new Quantity(
				compose.at("/deploy/resources/limits/memory").asText().replace("m", "Mi"))).longValueExact();
		Quantity limit = container.getResources().getLimits().get("memory");
		assertThat(Quantity.getAmountInBytes(limit).longValueExact()).isEqualTo(composeBytes).isEqualTo(512L << 20);
		assertThat(container.getResources().getRequests().get("memory")).isEqualTo(limit);

		Set<String> composeEnvironment = new TreeSet<>();
		compose.get("environment").fieldNames().forEachRemaining(composeEnvironment::add);
		assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrderElementsOf(composeEnvironment);
		for (EnvVar env : container.getEnv()) {
			if (env.getName().contains("PASSWORD") || env.getName().contains("KEY")) {
				assertThat(env.getValue()).as(env.getName() + " comes from a Secret").isNull();
				assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tokenmint-secrets");
			}
		}
	}

	@Test
	void theServiceAndTheDisruptionBudgetSelectTheDeploymentsPods() throws IOException {
		Deployment deployment = the(Deployment.class);
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

		Service service = the(Service.class);
		assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
		String targetPort = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
			.anySatisfy(port -> assertThat(port.getName()).isEqualTo(targetPort));

		PodDisruptionBudget budget = the(PodDisruptionBudget.class);
		assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		assertThat(budget.getSpec().getMinAvailable().getIntVal()).isPositive()
			.isLessThan(deployment.getSpec().getReplicas());
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst().orElseThrow();
	}

	private static <T extends HasMetadata> T the(Class<T> kind) throws IOException {
		return manifests().stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
	}

	private static List<HasMetadata> manifests() throws IOException {
		List<HasMetadata> resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
				resources.addAll(parse(Files.readString(file), file.toString()));
			}
		}
		return resources;
	}

	private static List<HasMetadata> parse(String yaml, String source) throws IOException {
		List<HasMetadata> resources = new ArrayList<>();
		try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if (document == null || document.isEmpty()) {
					continue;
				}
				String kind = document.path("kind").asText();
				Class<? extends HasMetadata> type = KINDS.get(kind);
				if (type == null) {
					throw new AssertionError(source + ": kind " + kind + " is not one this project ships");
				}
				String apiVersion = document.path("apiVersion").asText();
				if (!apiVersion.equals(HasMetadata.getApiVersion(type))) {
					throw new AssertionError(source + ": " + kind + " is at " + HasMetadata.getApiVersion(type)
							+ ", not " + apiVersion);
				}
				HasMetadata resource;
				try {
					resource = YAML.treeToValue(document, type);
				}
				catch (IOException ex) {
					throw new AssertionError(source + ": " + kind + " does not fit the schema: " + ex.getMessage(), ex);
				}
				Map<String, Object> unknown = new LinkedHashMap<>();
				unknownFields(resource, kind, unknown);
				if (!unknown.isEmpty()) {
					throw new AssertionError(source + ": fields the schema does not know: " + unknown.keySet());
				}
				resources.add(resource);
			}
		}
		return resources;
	}

	/** Walks fabric8's model objects; each keeps the fields it does not know in its additional properties. */
	private static void unknownFields(Object value, String path, Map<String, Object> found) {
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				unknownFields(list.get(i), path + "[" + i + "]", found);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknownFields(item, path + "." + key, found));
			return;
		}
		if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			Object item;
			try {
				item = getter.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) item).keySet().forEach(key -> found.put(path + "." + key, key));
			}
			else {
				unknownFields(item, path + "." + getter.getName().substring(3), found);
			}
		}
	}

}
