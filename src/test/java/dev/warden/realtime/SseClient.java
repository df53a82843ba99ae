package dev.warden.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real server-sent-events client over the JDK's HTTP client: events parsed from the lines. */
public final class SseClient implements AutoCloseable {

    public record Event(String name, String id, String data) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final int status;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public SseClient(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(request::header);
        response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> answer = response.get(10, TimeUnit.SECONDS);
        status = answer.statusCode();
        Thread reader = new Thread(() -> read(answer.body()), "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Stream<String> lines) {
        String[] current = {null, null, null};
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (current[2] != null) events.add(new Event(current[0], current[1], current[2]));
                    current[0] = current[1] = current[2] = null;
                } else if (line.startsWith("event:")) {
                    current[0] = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    current[1] = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    current[2] = line.substring(5).trim();
                }
            });
        } catch (RuntimeException closed) {
            // the stream was closed by the test
        }
    }

    /** The next event, or null after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event that is not a comment or keep-alive; fails the test when none comes in 10 s. */
    public Event expect() throws InterruptedException {
        Event event = next(Duration.ofSeconds(10));
        if (event == null) throw new AssertionError("no event within 10 s");
        return event;
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
