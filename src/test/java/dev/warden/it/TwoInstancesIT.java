package dev.warden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.db.EmbeddedDatabase;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        Launched first = launch("a");
        Launched second = launch("b");
        a = first.awaitReady();
        b = second.awaitReady();
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

    /** A started Warden process and the moment it reports it is listening. */
    record Launched(String base, String name, CompletableFuture<Void> listening) {

        /** Waits (at most 90 s) for the start-up line, then checks readiness once. */
        String awaitReady() throws Exception {
            try {
                listening.get(90, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(base + " did not start; see target/two-instances-" + name + ".log");
            }
            assertEquals(200, status(base, "/q/health/ready", null), base + " started but is not ready");
            return base;
        }
    }

    static Launched launch(String name) throws IOException {
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
        env.put("WARDEN_DB_PASSWORD", database.datasourceProperties().get("quarkus.datasource.password"));
        env.put("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("WARDEN_PUBLIC_KEY", CLIENT);
        env.put("WARDEN_BCRYPT_COST", "4");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        processes.add(process);
        // Copy the output to a log file and note when Quarkus reports it is listening: it does so
        // only after the start-up observers (migrations, bootstrap) have finished.
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Path log = Path.of("target", "two-instances-" + name + ".log");
        Thread copier = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()));
                            BufferedWriter out = Files.newBufferedWriter(log)) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            out.write(line);
                            out.newLine();
                            out.flush();
                            if (line.contains("Listening on")) {
                                listening.complete(null);
                            }
                        }
                        listening.completeExceptionally(new AssertionError(name + " exited before listening"));
                    } catch (IOException e) {
                        listening.completeExceptionally(e);
                    }
                },
                "two-instances-" + name);
        copier.setDaemon(true);
        copier.start();
        return new Launched("http://localhost:" + port, name, listening);
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
