package dev.warden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.db.EmbeddedDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Warden processes, built from this checkout, on one PostgreSQL. A revoke on instance A must
 * be enforced by instance B within one second: B's cache learns of it through LISTEN/NOTIFY.
 */
class TwoInstancesIT {

    static final String ADMIN_PASSWORD = "two-instances-admin";
    static final String CLIENT = "two-instances-client";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedDatabase database;
    static final List<Process> processes = new ArrayList<>();
    static String a;
    static String b;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(Files.createTempDirectory("warden-it-pg"), false);
        a = launch("a");
        b = launch("b");
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroy);
        if (database != null) {
            database.stop();
        }
    }

    @Test
    void aRevokeOnOneInstanceIsEnforcedOnTheOtherWithinOneSecond() throws Exception {
        String admin = token(a, "admin", ADMIN_PASSWORD);
        String role = send(a, "POST", "/demo/roles", admin, Map.of("name", "readers", "description", "read users"))
                .get("id")
                .asText();
        String permission = send(
                        a,
                        "POST",
                        "/demo/roles/" + role + "/permissions",
                        admin,
                        Map.of("permissibleName", "users", "read", true))
                .get("id")
                .asText();
        send(
                a,
                "POST",
                "/demo/users",
                admin,
                Map.of(
                        "username",
                        "reader",
                        "newPassword",
                        "reader-password",
                        "isActive",
                        true,
                        "verified",
                        true,
                        "roles",
                        List.of(Map.of("name", "readers"))));

        // A token issued by A is valid on B: both use the key pair stored in the database.
        String reader = token(a, "reader", "reader-password");
        assertEquals(200, status(b, "/demo/users", reader));

        send(a, "DELETE", "/demo/roles/" + role + "/permissions/" + permission, admin, null);
        long revokedAt = System.nanoTime();
        int seen = 200;
        while (System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos() && seen != 403) {
            seen = status(b, "/demo/users", reader);
        }
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println("TwoInstancesIT: instance B enforced the revoke after " + millis + " ms");
        assertEquals(403, seen, "B still allowed the revoked permission after " + millis + " ms");

        // And a grant made on B reaches A the same way.
        send(
                b,
                "POST",
                "/demo/roles/" + role + "/permissions",
                admin,
                Map.of("permissibleName", "users", "read", true));
        long grantedAt = System.nanoTime();
        int seenOnA = 403;
        while (System.nanoTime() - grantedAt < Duration.ofSeconds(1).toNanos() && seenOnA != 200) {
            seenOnA = status(a, "/demo/users", reader);
        }
        assertEquals(200, seenOnA);
    }

    static String launch(String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "build the application first: " + jar.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("WARDEN_DB_URL", "postgresql://localhost:" + database.port() + "/postgres");
        env.put("WARDEN_DB_USERNAME", "postgres");
        env.put("WARDEN_DB_PASSWORD", "postgres");
        env.put("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("WARDEN_PUBLIC_KEY", CLIENT);
        env.put("WARDEN_BCRYPT_COST", "4");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File("target", "two-instances-" + name + ".log"));
        processes.add(builder.start());
        return "http://localhost:" + port;
    }

    static void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (status(base, "/q/health/ready", null) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError(base + " did not become ready; see target/two-instances-*.log");
    }

    static String token(String base, String username, String password) throws Exception {
        String form = "client_id=" + CLIENT + "&grant_type=password&scope=meshy.api&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/demo/connect/token"))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    static JsonNode send(String base, String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() < 300,
                method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    static int status(String base, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
