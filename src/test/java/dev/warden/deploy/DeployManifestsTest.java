package dev.warden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What deploy/ promises, checked from the files: no Kubernetes API server or Docker engine runs
 * here ({@code kubectl apply --dry-run=client} still needs a server for discovery), so the suite
 * parses every manifest and checks the properties operators rely on and that are easy to break.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull()) docs.add(doc);
            }
        }
        return docs;
    }

    private static List<JsonNode> kubernetes() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (var files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(documents(file));
            }
        }
        return all;
    }

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found =
                docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    @Test
    void everyManifestNamesItsKindAndItself() throws IOException {
        for (JsonNode doc : kubernetes()) {
            assertTrue(doc.path("apiVersion").isTextual(), doc.toString());
            assertTrue(doc.path("kind").isTextual(), doc.toString());
            assertTrue(
                    Pattern.matches(
                            "[a-z0-9-]+", doc.path("metadata").path("name").asText()),
                    doc.toString());
        }
    }

    @Test
    void theDeploymentRunsTwoNonRootReplicasWithHealthProbes() throws IOException {
        JsonNode deployment = only(kubernetes(), "Deployment");
        assertTrue(deployment.at("/spec/replicas").asInt() >= 2);
        JsonNode pod = deployment.at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        JsonNode container = pod.at("/containers/0");
        assertEquals(
                "/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertTrue(container.at("/resources/limits/memory").isTextual(), "a memory limit");
        assertEquals(
                0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
    }

    @Test
    void selectorsMatchThePodsAndScalingTargetsTheDeployment() throws IOException {
        List<JsonNode> docs = kubernetes();
        JsonNode deployment = only(docs, "Deployment");
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertEquals(labels, deployment.at("/spec/selector/matchLabels"));
        assertEquals(labels, only(docs, "Service").at("/spec/selector"));
        assertEquals(labels, only(docs, "PodDisruptionBudget").at("/spec/selector/matchLabels"));
        JsonNode hpa = only(docs, "HorizontalPodAutoscaler");
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals(deployment.at("/metadata/name"), hpa.at("/spec/scaleTargetRef/name"));
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2);
        assertEquals(
                "http", only(docs, "Service").at("/spec/ports/0/targetPort").asText());
    }

    @Test
    void credentialsComeFromSecretsThatExist() throws IOException {
        List<JsonNode> docs = kubernetes();
        Set<String> secrets = new HashSet<>();
        docs.stream()
                .filter(d -> d.path("kind").asText().equals("Secret"))
                .forEach(d -> secrets.add(d.at("/metadata/name").asText()));
        // CloudNativePG creates <cluster>-app with the database owner's username and password.
        docs.stream()
                .filter(d -> d.path("kind").asText().equals("Cluster"))
                .forEach(d -> secrets.add(d.at("/metadata/name").asText() + "-app"));
        for (JsonNode env : only(docs, "Deployment").at("/spec/template/spec/containers/0/env")) {
            String name = env.path("name").asText();
            if (name.contains("PASSWORD") || name.contains("KEY") || name.equals("WARDEN_DB_USERNAME")) {
                assertFalse(env.has("value"), name + " must come from a secret");
                assertTrue(
                        secrets.contains(env.at("/valueFrom/secretKeyRef/name").asText()), name);
            }
        }
        JsonNode cluster = only(docs, "Cluster");
        assertTrue(cluster.at("/spec/instances").asInt() >= 2, "a replica for failover");
        assertTrue(only(docs, "Deployment")
                .at("/spec/template/spec/containers/0/env/0/value")
                .asText()
                .startsWith("postgresql://" + cluster.at("/metadata/name").asText() + "-rw:"));
    }

    @Test
    void composeTakesSecretsFromTheEnvironmentAndRestarts() throws IOException {
        JsonNode compose = documents(DEPLOY.resolve("compose.yaml")).get(0);
        for (String service : List.of("postgres", "warden")) {
            assertEquals(
                    "unless-stopped",
                    compose.at("/services/" + service + "/restart").asText(),
                    service);
            assertTrue(compose.at("/services/" + service + "/healthcheck").isObject(), service);
        }
        compose.at("/services")
                .forEach(service -> service.path("environment").fields().forEachRemaining(e -> {
                    if (e.getKey().contains("PASSWORD")) {
                        assertTrue(e.getValue().asText().startsWith("${"), e.getKey() + " is written in the file");
                    }
                }));
    }

    @Test
    void theImageIsBuiltInStagesRunsAsAUserAndKeepsDataOutOfTheContext() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertTrue(Pattern.compile("(?m)^FROM .+ AS build$").matcher(dockerfile).find(), "a build stage");
        assertTrue(Pattern.compile("(?m)^USER 10001$").matcher(dockerfile).find(), "not root");
        assertTrue(Pattern.compile("(?m)^HEALTHCHECK ").matcher(dockerfile).find());
        assertTrue(Pattern.compile("(?m)^VOLUME ").matcher(dockerfile).find());
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
        assertTrue(ignored.contains("data/") && ignored.contains("target/") && ignored.contains(".git/"));
    }

    @Test
    void theGrafanaDashboardChartsWardensOwnMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(DEPLOY.resolve("grafana-dashboard.json").toFile());
        Set<String> charted = new HashSet<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> charted.add(target.path("expr").asText())));
        for (String metric : List.of(
                "warden_logins_total",
                "warden_lockouts_total",
                "warden_denials_total",
                "warden_access_cache_invalidations_total",
                "warden_access_check_seconds",
                "warden_realtime_delivery_lag_seconds",
                "warden_realtime_subscriptions",
                "http_server_requests_seconds")) {
            assertTrue(charted.stream().anyMatch(expr -> expr.contains(metric)), metric + " is charted");
        }
    }
}
