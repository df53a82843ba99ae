import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A decision hook that allows at once, for bench/: java bench/HookBackend.java PORT. */
public class HookBackend {
    public static void main(String[] args) throws Exception {
        byte[] allow = "{\"allow\":true}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, allow.length);
            exchange.getResponseBody().write(allow);
            exchange.close();
        });
        server.start();
        System.out.println("hook backend on port " + args[0]);
    }
}
