package dev.warden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Warden processes, built from this checkout, on one PostgreSQL. A revoke on instance A must
 * be enforced by the others within one second — also while all three serve a request load: their
 * caches learn of it through LISTEN/NOTIFY.
 */
class InstancesIT {

    static EmbeddedDatabase database;
    static WardenProcess a;
    static WardenProcess b;
    static WardenProcess c;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(Files.createTempDirectory("warden-it-pg"), false);
        Map<String, String> env = Map.of(
                "WARDEN_DB_URL",
                "postgresql://localhost:" + database.port() + "/postgres",
                "WARDEN_DB_USERNAME",
                "postgres",
                "WARDEN_DB_PASSWORD",
                database.datasourceProperties().get("quarkus.datasource.password"));
        WardenProcess first = WardenProcess.launch("instance-a", env);
        WardenProcess second = WardenProcess.launch("instance-b", env);
        WardenProcess third = WardenProcess.launch("instance-c", env);
        a = first.awaitReady();
        b = second.awaitReady();
        c = third.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (a != null) a.stop();
        if (b != null) b.stop();
        if (c != null) c.stop();
        if (database != null) {
            database.stop();
        }
    }

    /**
     * Four clients keep all three instances busy with reads while A revokes the permission those
     * reads need: B and C must both refuse within a second.
     */
    @Test
    void underLoadARevokeOnOneInstanceReachesEveryOtherWithinOneSecond() throws Exception {
        String admin = a.token("admin", WardenProcess.ADMIN_PASSWORD);
        String role = roleWithMember(admin, "loaded", "users", "loaded");
        String permission = firstPermission(admin, role);
        String reader = a.token("loaded", "loaded-password");
        List<WardenProcess> all = List.of(a, b, c);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> load = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int offset = i;
            Thread client = new Thread(() -> {
                for (int n = offset; running.get(); n++) {
                    try {
                        all.get(n % 3).status("/demo/users", reader);
                        served.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            client.start();
            load.add(client);
        }
        try {
            // The load is running on every instance once each client has been answered a few times;
            // its rate is measured over the next 200 requests (both waits bounded).
            awaitServed(served, 20);
            long start = served.get();
            long startedAt = System.nanoTime();
            awaitServed(served, start + 200);
            double rate = (served.get() - start) / ((System.nanoTime() - startedAt) / 1e9);
            a.send("DELETE", "/demo/roles/" + role + "/permissions/" + permission, admin, null);
            long revokedAt = System.nanoTime();
            Map<String, Long> enforcedAfter = new java.util.TreeMap<>();
            for (var entry : Map.of("B", b, "C", c).entrySet()) {
                int seen = 200;
                while (System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos() && seen != 403) {
                    seen = entry.getValue().status("/demo/users", reader);
                }
                assertEquals(403, seen, entry.getKey() + " still allowed the revoked permission");
                enforcedAfter.put(entry.getKey(), (System.nanoTime() - revokedAt) / 1_000_000);
            }
            System.out.println("InstancesIT: under load (" + Math.round(rate) + " requests/s over three instances)"
                    + " the revoke was enforced after " + enforcedAfter + " ms");
        } finally {
            running.set(false);
            for (Thread client : load) client.join(5_000);
        }
    }

    /** Waits until {@code served} reaches {@code count}, for at most 30 s. */
    private static void awaitServed(java.util.concurrent.atomic.AtomicLong served, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (served.get() < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("the load served only " + served.get());
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll, without taking a core from the load
        }
    }

    @Test
    void aRevokeOnOneInstanceIsEnforcedOnTheOtherWithinOneSecond() throws Exception {
        String admin = a.token("admin", WardenProcess.ADMIN_PASSWORD);
        String role = roleWithMember(admin, "readers", "users", "reader");
        String permission = firstPermission(admin, role);

        // A token issued by A is valid on B: both use the key pair stored in the database.
        String reader = a.token("reader", "reader-password");
        assertEquals(200, b.status("/demo/users", reader));

        a.send("DELETE", "/demo/roles/" + role + "/permissions/" + permission, admin, null);
        long revokedAt = System.nanoTime();
        int seen = 200;
        while (System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos() && seen != 403) {
            seen = b.status("/demo/users", reader);
        }
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println("InstancesIT: instance B enforced the revoke after " + millis + " ms");
        assertEquals(403, seen, "B still allowed the revoked permission after " + millis + " ms");

        // And a grant made on B reaches A the same way.
        b.send("POST", "/demo/roles/" + role + "/permissions", admin, Map.of("permissibleName", "users", "read", true));
        long grantedAt = System.nanoTime();
        int seenOnA = 403;
        while (System.nanoTime() - grantedAt < Duration.ofSeconds(1).toNanos() && seenOnA != 200) {
            seenOnA = a.status("/demo/users", reader);
        }
        assertEquals(200, seenOnA);
    }

    /** Spec §9.1 across instances: a pattern grant made on A reads on B; revoked on B, refused on A within a second. */
    @Test
    void aRevokedPatternIsEnforcedOnBothInstances() throws Exception {
        String admin = a.token("admin", WardenProcess.ADMIN_PASSWORD);
        a.send("POST", "/demo/meshes/reportDaily", admin, Map.of("n", 1));
        String role = roleWithMember(admin, "reporters", "meshes.report*", "reporter");
        String permission = firstPermission(admin, role);
        String reporter = b.token("reporter", "reporter-password");
        assertEquals(200, b.status("/demo/meshes/reportDaily", reporter));
        assertEquals(200, a.status("/demo/meshes/reportDaily", reporter));
        assertEquals(403, b.status("/demo/meshes/orders", reporter));

        b.send("DELETE", "/demo/roles/" + role + "/permissions/" + permission, admin, null);
        long revokedAt = System.nanoTime();
        int seen = 200;
        while (System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos() && seen != 403) {
            seen = a.status("/demo/meshes/reportDaily", reporter);
        }
        assertEquals(403, seen, "A still allowed the revoked pattern");
        assertEquals(403, b.status("/demo/meshes/reportDaily", reporter));
    }

    /** Spec §10: a key revoked on A stops working on B at once, and so does every token it minted. */
    @Test
    void aRevokedKeyAndItsTokensStopOnBothInstances() throws Exception {
        String admin = a.token("admin", WardenProcess.ADMIN_PASSWORD);
        a.send("POST", "/demo/meshes/inbox", admin, Map.of("n", 1));
        Map<String, Object> read = Map.of("permissibleName", "meshes.inbox", "read", true);
        var created = a.send("POST", "/demo/apikeys", admin, Map.of("name", "backend", "permissions", List.of(read)));
        String id = created.get("id").asText();
        String key = created.get("key").asText();
        var minted = b.callWithKey(
                "POST", "/demo/apikeys/tokens", key, Map.of("subject", "123", "capabilities", List.of(read)));
        assertEquals(200, minted.statusCode(), minted.body());
        String token =
                WardenProcess.JSON.readTree(minted.body()).get("access_token").asText();
        assertEquals(200, b.statusWithKey("/demo/meshes/inbox", key));
        assertEquals(200, b.status("/demo/meshes/inbox", token));
        assertEquals(200, a.status("/demo/meshes/inbox", token));

        a.send("DELETE", "/demo/apikeys/" + id, admin, null);
        long revokedAt = System.nanoTime();
        int keyOnB = 200;
        int tokenOnB = 200;
        while (System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos() && (keyOnB != 401 || tokenOnB != 401)) {
            keyOnB = b.statusWithKey("/demo/meshes/inbox", key);
            tokenOnB = b.status("/demo/meshes/inbox", token);
        }
        assertEquals(401, keyOnB, "B still accepted the revoked key");
        assertEquals(401, tokenOnB, "B still accepted a token of the revoked key");
        assertEquals(401, a.status("/demo/meshes/inbox", token));
    }

    /** Spec §11.1: a write through A reaches a subscriber on B (every instance reads the change log). */
    @Test
    void aWriteThroughOneInstanceReachesASubscriberOnTheOther() throws Exception {
        String admin = a.token("admin", WardenProcess.ADMIN_PASSWORD);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.base + "/demo/meshes/feed/changes"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + admin)
                .GET()
                .build();
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        var response = WardenProcess.HTTP
                .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            assertEquals("event:subscribed", next(lines, "event:"));
            String id = a.send("POST", "/demo/meshes/feed", admin, Map.of("from", "A"))
                    .get("_id")
                    .asText();
            String data = next(lines, "data:{\"type\":\"change\"");
            org.junit.jupiter.api.Assertions.assertTrue(data.contains(id) && data.contains("\"A\""), data);
        } finally {
            response.body().close();
        }
    }

    /** The next line starting with {@code prefix} within 10 s. */
    static String next(java.util.concurrent.BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) return line;
        }
        throw new AssertionError("no " + prefix + " line within 10 s");
    }

    /** Through A: a role reading {@code permissible} and an active user {@code username} (password {@code username-password}) in it. */
    static String roleWithMember(String admin, String roleName, String permissible, String username) throws Exception {
        String role = a.send("POST", "/demo/roles", admin, Map.of("name", roleName, "description", roleName))
                .get("id")
                .asText();
        a.send(
                "POST",
                "/demo/roles/" + role + "/permissions",
                admin,
                Map.of("permissibleName", permissible, "read", true));
        a.send(
                "POST",
                "/demo/users",
                admin,
                Map.of(
                        "username",
                        username,
                        "newPassword",
                        username + "-password",
                        "isActive",
                        true,
                        "verified",
                        true,
                        "roles",
                        List.of(Map.of("name", roleName))));
        return role;
    }

    static String firstPermission(String admin, String role) throws Exception {
        return a.send("GET", "/demo/roles/" + role + "/permissions", admin, null)
                .get("results")
                .get(0)
                .get("id")
                .asText();
    }
}
