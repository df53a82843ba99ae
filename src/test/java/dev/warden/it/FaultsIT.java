package dev.warden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.db.EmbeddedDatabase;
import dev.warden.support.Metrics;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Spec §8 faults, against real processes: a killed JVM loses no acknowledged write; a lost database is 503. */
class FaultsIT {

    /**
     * Writers insert documents while the JVM is killed with SIGKILL; the next start on the same
     * data directory must succeed on its first try (it stops the abandoned embedded PostgreSQL) and
     * every write that was answered 201 must be there.
     */
    @Test
    void aKilledWardenRestartsAtOnceAndKeepsEveryAcknowledgedWrite() throws Exception {
        Path data = Files.createTempDirectory("warden-crash");
        Map<String, String> env = Map.of("WARDEN_DATA_DIR", data.toString(), "WARDEN_DB_SHARED_BUFFERS", "128MB");
        WardenProcess first = WardenProcess.launch("crash-1", env).awaitReady();
        String token = first.token("admin", WardenProcess.ADMIN_PASSWORD);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch someWritten = new CountDownLatch(200);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        HttpResponse<String> response =
                                first.call("POST", "/demo/meshes/crash", token, Map.of("writer", writer, "i", i));
                        if (response.statusCode() != 201) return;
                        acknowledged.add(WardenProcess.JSON
                                .readTree(response.body())
                                .get("_id")
                                .asText());
                        someWritten.countDown();
                    } catch (Exception e) {
                        return; // the server is gone: what was acknowledged so far is what counts
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        someWritten.await();
        // The acknowledged writes took the short path beside RESTEasy (ADR 0017): the kill tests it.
        String metrics = first.call("GET", "/q/metrics", null, null).body();
        assertTrue(Metrics.value(metrics, "warden_document_writes_direct_total") >= 200, "writes on the short path");
        first.kill();
        running.set(false);
        for (Thread thread : writers) thread.join(30_000);

        WardenProcess second = WardenProcess.launch("crash-2", env).awaitReady();
        try {
            String again = second.token("admin", WardenProcess.ADMIN_PASSWORD);
            for (String id : acknowledged) {
                assertEquals(200, second.status("/demo/meshes/crash/" + id, again), "lost acknowledged write " + id);
            }
            long stored = second.send("GET", "/demo/meshes/crash?pageSize=1", again, null)
                    .get("totalRecords")
                    .asLong();
            System.out.println("FaultsIT: " + acknowledged.size() + " writes acknowledged before SIGKILL, " + stored
                    + " stored after the restart");
            assertTrue(stored >= acknowledged.size());
        } finally {
            second.stop();
        }
    }

    /** The database goes away under a running Warden: 503 with Retry-After, and service resumes by itself. */
    @Test
    void aLostDatabaseIs503AndServiceResumes() throws Exception {
        Path dir = Files.createTempDirectory("warden-down");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(dir, true, "128MB", port);
        WardenProcess warden = WardenProcess.launch(
                        "db-down",
                        Map.of(
                                "WARDEN_DB_URL",
                                "postgresql://localhost:" + port + "/postgres",
                                "WARDEN_DB_USERNAME",
                                "postgres",
                                "WARDEN_DB_PASSWORD",
                                database.datasourceProperties().get("quarkus.datasource.password")))
                .awaitReady();
        try {
            String token = warden.token("admin", WardenProcess.ADMIN_PASSWORD);
            String id = warden.send("POST", "/demo/meshes/down", token, Map.of("n", 1))
                    .get("_id")
                    .asText();
            database.stop();
            HttpResponse<String> down = warden.call("GET", "/demo/meshes/down/" + id, token, null);
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.headers().firstValue("Retry-After").isPresent());
            assertTrue(WardenProcess.JSON.readTree(down.body()).has("message"), down.body());

            database = EmbeddedDatabase.start(dir, true, "128MB", port);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = 503;
            while (status != 200 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                status = warden.status("/demo/meshes/down/" + id, token);
            }
            assertEquals(200, status, "service did not resume after the database came back");
        } finally {
            warden.stop();
            database.stop();
        }
    }
}
