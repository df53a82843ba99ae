package dev.warden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Warden process built from this checkout (java -jar), and a small HTTP client that speaks to it. */
final class WardenProcess {

    static final String ADMIN_PASSWORD = "process-admin-password";
    static final String CLIENT = "process-client";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final String base;
    final Process process;
    private final CompletableFuture<Void> listening;

    private WardenProcess(String name, String base, Process process, CompletableFuture<Void> listening) {
        this.name = name;
        this.base = base;
        this.process = process;
        this.listening = listening;
    }

    /** Starts Warden with {@code env} on top of a fixed admin password and client key. */
    static WardenProcess launch(String name, Map<String, String> env) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "build the application first: " + jar.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        builder.environment().put("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("WARDEN_PUBLIC_KEY", CLIENT);
        builder.environment().put("WARDEN_BCRYPT_COST", "4");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        // Copy the output to a log file and note when Quarkus reports it is listening: it does so
        // only after the start-up observers (migrations, bootstrap) have finished.
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Path log = Path.of("target", "warden-" + name + ".log");
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
                "warden-" + name);
        copier.setDaemon(true);
        copier.start();
        return new WardenProcess(name, "http://localhost:" + port, process, listening);
    }

    /** Waits (at most 90 s) for the start-up line, then checks readiness once. */
    WardenProcess awaitReady() throws Exception {
        try {
            listening.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(base + " did not start; see target/warden-" + name + ".log");
        }
        assertEquals(200, status("/q/health/ready", null), base + " started but is not ready");
        return this;
    }

    /** SIGKILL: no shutdown hook runs, as when the machine or the OOM killer ends the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    String token(String username, String password) throws Exception {
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

    /** Sends a request and answers the raw response, whatever its status. */
    HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        return call(method, path, "authorization", token == null ? null : "Bearer " + token, body);
    }

    /** Sends a request authenticated with an API key (spec §10.1), whatever its status. */
    HttpResponse<String> callWithKey(String method, String path, String key, Object body) throws Exception {
        return call(method, path, "X-Api-Key", key, body);
    }

    private HttpResponse<String> call(String method, String path, String header, String value, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (value != null) request.header(header, value);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request that must succeed (2xx); answers its JSON body. */
    JsonNode send(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> response = call(method, path, token, body);
        assertTrue(
                response.statusCode() < 300,
                method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    int status(String path, String token) throws Exception {
        return call("GET", path, token, null).statusCode();
    }

    int statusWithKey(String path, String key) throws Exception {
        return callWithKey("GET", path, key, null).statusCode();
    }
}
