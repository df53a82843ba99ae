package dev.warden.hook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The app's backend, as a real HTTP server on a loopback port (the JDK's own): each path answers
 * one way, and every call is kept with its body and signature for the test to check.
 */
final class AppBackend implements AutoCloseable {

    record Call(String path, String body, String signature) {}

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();

    AppBackend() throws IOException {
        // Without it the JDK server's separate header and body writes meet delayed ACKs (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        answer("/allow", 200, "{\"allow\": true}", 0);
        answer("/deny", 200, "{\"allow\": false, \"message\": \"Not on weekends\"}", 0);
        answer("/slow", 200, "{\"allow\": true}", 2_000);
        answer("/broken", 500, "oops", 0);
        answer("/garbled", 200, "{\"allow\": \"yes\"}", 0);
        server.start();
    }

    private void answer(String path, int status, String body, long delayMillis) {
        server.createContext(path, exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(path, request, exchange.getRequestHeaders().getFirst("X-Warden-Signature")));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    long callsTo(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
