package dev.warden.realtime;

import static dev.warden.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec §11.1 over a real WebSocket: the door, subscriptions, per-subscription permissions, revocation. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealtimeSocketTest {

    Api api;
    String admin;
    String mesh;
    String role;
    Api.Session reader;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    @BeforeEach
    void setUp() {
        admin = api.admin();
        mesh = Api.uniqueLetters("tasks");
        role = api.createRole(admin, Api.uniqueLetters("readers"));
        api.grant(admin, role, Map.of("permissibleName", "meshes." + mesh, "read", true));
        reader = api.user();
        api.addMember(admin, role, reader.id());
    }

    private String url(String query) {
        return "ws://localhost:" + RestAssured.port + api.at("/realtime") + query;
    }

    private WsClient connect(String token) throws Exception {
        return new WsClient(url(""), Map.of("Authorization", "Bearer " + token));
    }

    /** As at every door: a credential or tenant header sent twice is refused before anything is read. */
    @Test
    void anUpgradeWithARepeatedCredentialOrTenantHeaderIs400() throws Exception {
        for (String name : List.of("Authorization", "X-Api-Key", "tenant")) {
            var builder = java.net.http.HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + reader.token());
            if (name.equals("Authorization")) {
                builder.header(name, "Bearer " + reader.token());
            } else {
                builder.header(name, "first").header(name, "second");
            }
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> builder.buildAsync(
                            java.net.URI.create(url("")), new java.net.http.WebSocket.Listener() {})
                    .get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(
                    400,
                    ((java.net.http.WebSocketHandshakeException) failure.getCause())
                            .getResponse()
                            .statusCode(),
                    name);
        }
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "t", "mesh", mesh));
            assertEquals("subscribed", client.expect().get("type").asText());
        }
    }

    private String create(Map<String, Object> document) {
        return as(admin)
                .body(document)
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    /**
     * Spec §13 over the WebSocket: the tenant comes from the header or (browsers) {@code ?tenant=};
     * an unknown one is refused at the door, and a subscription sees its tenant's changes only.
     */
    @Test
    void aSocketIsInOneTenant() throws Exception {
        String tenant = Api.uniqueLetters("t");
        as(admin).body(Map.of("name", tenant)).post(api.at("/tenants")).then().statusCode(201);
        assertThrows(Exception.class, () -> new WsClient(url("?tenant=nosuch&access_token=" + admin), Map.of()));
        // A token bound to the default tenant, other than an admin's, cannot open a socket in another.
        assertThrows(
                Exception.class,
                () -> new WsClient(url("?tenant=" + tenant + "&access_token=" + reader.token()), Map.of()));
        try (WsClient client = new WsClient(url("?tenant=" + tenant + "&access_token=" + admin), Map.of())) {
            client.send(Map.of("type", "subscribe", "id", "t", "mesh", mesh));
            assertEquals("subscribed", client.expect().get("type").asText());
            create(Map.of("where", "default"));
            String inTenant = as(admin)
                    .header("tenant", tenant)
                    .body(Map.of("where", "tenant"))
                    .post(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("_id");
            JsonNode change = client.expect();
            assertEquals("change", change.get("type").asText());
            assertEquals(inTenant, change.get("documentId").asText());
        }
    }

    @Test
    void theDoorNeedsAValidCredential() throws Exception {
        assertThrows(Exception.class, () -> new WsClient(url(""), Map.of()));
        assertThrows(Exception.class, () -> new WsClient(url(""), Map.of("Authorization", "Bearer nonsense")));
        try (WsClient browser = new WsClient(url("?access_token=" + reader.token()), Map.of())) {
            browser.send(Map.of("type", "subscribe", "id", "s1", "mesh", mesh));
            assertEquals("subscribed", browser.expect().get("type").asText());
        }
    }

    @Test
    void subscriptionsDeliverTheirMeshAndRefuseWhatCannotBeRead() throws Exception {
        String other = Api.uniqueLetters("other");
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "mine", "mesh", mesh));
            JsonNode subscribed = client.expect();
            assertEquals("subscribed", subscribed.get("type").asText());
            assertEquals("mine", subscribed.get("id").asText());
            client.send(Map.of("type", "subscribe", "id", "theirs", "mesh", other));
            JsonNode refused = client.expect();
            assertEquals("error", refused.get("type").asText());
            assertEquals(403, refused.get("status").asInt());
            client.send(
                    Map.of("type", "subscribe", "id", "bad", "mesh", mesh, "filter", Map.of("a", Map.of("$nope", 1))));
            assertEquals(400, client.expect().get("status").asInt());
            client.send(Map.of("type", "dance", "id", "x"));
            assertEquals(400, client.expect().get("status").asInt());

            String id = create(Map.of("title", "a"));
            as(admin)
                    .body(Map.of("x", 1))
                    .post(api.at("/meshes/" + other))
                    .then()
                    .statusCode(201);
            as(admin).delete(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(204);
            JsonNode created = client.expect();
            assertEquals("change", created.get("type").asText());
            assertEquals("mine", created.get("id").asText());
            assertEquals("create", created.get("op").asText());
            assertEquals("a", created.get("document").get("title").asText());
            JsonNode deleted = client.expect();
            assertEquals("delete", deleted.get("op").asText());
            assertTrue(deleted.get("seq").asLong() > created.get("seq").asLong());
            assertNull(client.next(Duration.ofMillis(500)), "nothing from the other mesh");

            client.send(Map.of("type", "unsubscribe", "id", "mine"));
            assertEquals("unsubscribed", client.expect().get("type").asText());
            create(Map.of("title", "b"));
            assertNull(client.next(Duration.ofMillis(500)), "nothing after unsubscribing");
        }
    }

    @Test
    void aDocumentSubscriptionSeesOnlyItsDocument() throws Exception {
        String id = create(Map.of("n", 0));
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "one", "mesh", mesh, "documentId", id));
            assertEquals("subscribed", client.expect().get("type").asText());
            create(Map.of("n", 1));
            as(admin)
                    .body(Map.of("n", 2))
                    .put(api.at("/meshes/" + mesh + "/" + id))
                    .then()
                    .statusCode(200);
            // The subscription starts after the position delivered when it began, which the create
            // of n=0 may follow: it may arrive too, but nothing of any other document does.
            JsonNode change = client.expect();
            if (change.get("op").asText().equals("create")) change = client.expect();
            assertEquals(id, change.get("documentId").asText());
            assertEquals(2, change.get("document").get("n").asInt());
            assertNull(client.next(Duration.ofMillis(500)));
        }
    }

    @Test
    void aRevokedRoleEndsTheSubscriptionWithinOneSecond() throws Exception {
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "s", "mesh", mesh));
            assertEquals("subscribed", client.expect().get("type").asText());
            api.removeMember(admin, role, reader.id());
            long revoked = System.nanoTime();
            JsonNode ended = client.expect();
            long millis = (System.nanoTime() - revoked) / 1_000_000;
            assertEquals("ended", ended.get("type").asText());
            assertEquals("s", ended.get("id").asText());
            assertTrue(ended.get("reason").asText().contains("meshes." + mesh));
            assertTrue(millis < 1000, "ended after " + millis + " ms");
        }
    }

    @Test
    void resumingWithSinceReplaysWhatWasMissed() throws Exception {
        long last;
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "s", "mesh", mesh));
            client.expect();
            create(Map.of("n", 0));
            last = client.expect().get("seq").asLong();
        }
        for (int n = 1; n <= 3; n++) create(Map.of("n", n));
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "s", "mesh", mesh, "since", last));
            assertEquals("subscribed", client.expect().get("type").asText());
            create(Map.of("n", 4));
            List<Integer> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++)
                seen.add(client.expect().get("document").get("n").asInt());
            assertEquals(List.of(1, 2, 3, 4), seen);
            assertNull(client.next(Duration.ofMillis(500)));
        }
    }

    /** Spec §11.1: a consumer too slow to keep up is cut off (1008), never buffered without bound. */
    @Test
    void aSlowConsumerIsCutOff() throws Exception {
        try (WsClient slow = connect(reader.token())) {
            slow.send(Map.of("type", "subscribe", "id", "s", "mesh", mesh));
            assertEquals("subscribed", slow.expect().get("type").asText());
            slow.reading = false;
            String padding = "x".repeat(20_000);
            List<Map<String, Object>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) batch.add(Map.of("n", i, "padding", padding));
            // 2,000 changes of 20 KB: far more than the socket buffers and the 1,000 unsent messages allowed.
            for (int round = 0; round < 50; round++) {
                as(admin).body(batch).post(api.at("/meshes/" + mesh)).then().statusCode(201);
            }
            slow.resume();
            assertEquals(1008, slow.closed.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(slow.received() < 2_000, "cut off after " + slow.received() + " messages");
        }
        // Others are unaffected.
        try (WsClient client = connect(reader.token())) {
            client.send(Map.of("type", "subscribe", "id", "s", "mesh", mesh));
            assertEquals("subscribed", client.expect().get("type").asText());
        }
    }

    @Test
    void aConnectionHoldsAtMostAHundredSubscriptions() throws Exception {
        try (WsClient client = connect(reader.token())) {
            for (int i = 0; i < RealtimeSocket.MAX_SUBSCRIPTIONS; i++) {
                client.send(Map.of("type", "subscribe", "id", "s" + i, "mesh", mesh));
                assertEquals("subscribed", client.expect().get("type").asText());
            }
            client.send(Map.of("type", "subscribe", "id", "one-more", "mesh", mesh));
            JsonNode refused = client.expect();
            assertEquals("error", refused.get("type").asText());
            assertEquals(400, refused.get("status").asInt());
        }
    }
}
