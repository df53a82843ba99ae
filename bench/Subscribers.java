import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For bench/: java bench/Subscribers.java URL TOKEN COUNT MESH SECONDS opens COUNT WebSockets, each
 * subscribed to MESH, and after SECONDS prints "events N rate R p50 MS p99 MS": every change
 * received, and the delay from commit time ("at") to arrival of every 8th.
 */
public class Subscribers {

    public static void main(String[] args) throws Exception {
        String url = args[0] + "?access_token=" + args[1];
        int count = Integer.parseInt(args[2]);
        String mesh = args[3];
        int seconds = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newHttpClient();
        List<Double> delays = Collections.synchronizedList(new ArrayList<>());
        AtomicLong events = new AtomicLong();
        CountDownLatch subscribed = new CountDownLatch(count);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        if (message.startsWith("{\"type\":\"subscribed\"")) subscribed.countDown();
                        // Every change is counted; every 8th is timed (parsing a timestamp per message
                        // would make this client, on the same cores, the thing being measured).
                        if (message.startsWith("{\"type\":\"change\"") && events.incrementAndGet() % 8 == 0) {
                            int at = message.lastIndexOf("\"at\":\"");
                            Instant committed = Instant.parse(message.substring(at + 6, message.indexOf('"', at + 6)));
                            delays.add((System.currentTimeMillis() - committed.toEpochMilli()) * 1.0);
                        }
                    }
                    ws.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"mesh\":\"" + mesh + "\"}", true);
            sockets.add(socket);
        }
        subscribed.await(60, TimeUnit.SECONDS);
        System.out.println("subscribed " + count);
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Double> sorted;
        synchronized (delays) {
            sorted = new ArrayList<>(delays);
        }
        Collections.sort(sorted);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        double p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
        System.out.printf("events %d rate %.0f p50 %.1f p99 %.1f%n", events.get(), events.get() / elapsed, p50, p99);
        sockets.forEach(WebSocket::abort);
        System.exit(0);
    }
}
