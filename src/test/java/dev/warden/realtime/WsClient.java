package dev.warden.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's): JSON messages in a queue, the close code when closed. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** While false the client reads nothing more: a consumer that stopped keeping up. */
    volatile boolean reading = true;

    private final WebSocket socket;

    WsClient(String url, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(URI.create(url), this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        if (reading) webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Reads again, everything the server sent (a paused client sees the close only once it reads). */
    void resume() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    int received() {
        return messages.size();
    }

    void send(Object message) throws Exception {
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }

    JsonNode next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    JsonNode expect() throws InterruptedException {
        JsonNode message = next(Duration.ofSeconds(10));
        if (message == null) throw new AssertionError("no message within 10 s");
        return message;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
