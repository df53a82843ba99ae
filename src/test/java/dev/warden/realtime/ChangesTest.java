package dev.warden.realtime;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import dev.warden.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §11 over a real SSE client: every committed write arrives once, in order, checked against
 * the subscriber's current permissions; resume replays exactly what was missed; history keeps
 * every version.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangesTest {

    static final ObjectMapper JSON = new ObjectMapper();

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

    private SseClient subscribe(String token, String query, Map<String, String> headers) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        return new SseClient(
                "http://localhost:" + RestAssured.port + api.at("/meshes/" + mesh + "/changes") + query, all);
    }

    private SseClient subscribed(String token, String query) throws Exception {
        SseClient client = subscribe(token, query, Map.of());
        assertEquals(200, client.status);
        assertEquals("subscribed", client.expect().name());
        return client;
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

    private static JsonNode data(SseClient.Event event) throws Exception {
        return JSON.readTree(event.data());
    }

    @Test
    void everyKindOfWriteArrivesOnceInOrder() throws Exception {
        try (SseClient client = subscribed(reader.token(), "")) {
            String id = create(Map.of("title", "a"));
            as(admin)
                    .body(Map.of("title", "b"))
                    .put(api.at("/meshes/" + mesh + "/" + id))
                    .then()
                    .statusCode(200);
            as(admin)
                    .body(Map.of("filter", Map.of("title", "b"), "update", Map.of("$set", Map.of("title", "c"))))
                    .patch(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(200);
            as(admin).delete(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(204);
            as(admin)
                    .body(List.of(Map.of("n", 1), Map.of("n", 2)))
                    .post(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(201);
            List<String> ops = new ArrayList<>();
            long last = 0;
            for (int i = 0; i < 6; i++) {
                SseClient.Event event = client.expect();
                JsonNode change = data(event);
                assertEquals("change", event.name());
                assertEquals(event.id(), change.get("seq").asText());
                assertTrue(change.get("seq").asLong() > last, "seq increases");
                last = change.get("seq").asLong();
                ops.add(change.get("op").asText());
                if (i < 4) assertEquals(id, change.get("documentId").asText());
                if (i == 2)
                    assertEquals("c", change.get("document").get("title").asText());
                if (i == 3) assertTrue(change.get("document").isNull());
            }
            assertEquals(List.of("create", "update", "update", "delete", "create", "create"), ops);
            assertNull(client.next(Duration.ofMillis(500)), "nothing more");
        }
    }

    @Test
    void aSubscriberWithoutReadIsRefused() throws Exception {
        try (SseClient client = subscribe(api.user().token(), "", Map.of())) {
            assertEquals(403, client.status);
        }
    }

    @Test
    void ownScopeDeliversOnlyOwnDocuments() throws Exception {
        String own = api.createRole(admin, Api.uniqueLetters("owners"));
        api.grant(
                admin, own, Map.of("permissibleName", "meshes." + mesh, "create", true, "read", true, "scope", "own"));
        Api.Session ada = api.user();
        api.addMember(admin, own, ada.id());
        try (SseClient client = subscribed(ada.token(), "")) {
            create(Map.of("by", "admin"));
            ada.request()
                    .body(Map.of("by", "ada"))
                    .post(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(201);
            create(Map.of("by", "admin"));
            assertEquals("ada", data(client.expect()).get("document").get("by").asText());
            assertNull(client.next(Duration.ofMillis(500)));
        }
    }

    /** Own scope reaches history too: someone else's document's versions are 404, even once deleted. */
    @Test
    void ownScopeHidesOtherOwnersHistory() {
        String own = api.createRole(admin, Api.uniqueLetters("owners"));
        api.grant(
                admin, own, Map.of("permissibleName", "meshes." + mesh, "create", true, "read", true, "scope", "own"));
        Api.Session ada = api.user();
        api.addMember(admin, own, ada.id());
        String theirs = create(Map.of("by", "admin"));
        String mine = ada.request()
                .body(Map.of("by", "ada"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        as(ada.token())
                .get(api.at("/meshes/" + mesh + "/" + mine + "/history"))
                .then()
                .statusCode(200);
        as(ada.token())
                .get(api.at("/meshes/" + mesh + "/" + theirs + "/history"))
                .then()
                .statusCode(404);
        as(ada.token())
                .get(api.at("/meshes/" + mesh + "/" + theirs + "/history/1"))
                .then()
                .statusCode(404);
        as(admin).delete(api.at("/meshes/" + mesh + "/" + theirs)).then().statusCode(204);
        as(ada.token())
                .get(api.at("/meshes/" + mesh + "/" + theirs + "/history"))
                .then()
                .statusCode(404);
    }

    /** An API key subscribes like any caller: refused without read, and a revoked key is 401. */
    @Test
    void aKeyWithoutReadCannotSubscribe() throws Exception {
        String key = Keys.create(api, admin, List.of(Keys.permission("meshes.elsewhere", "r")))
                .key();
        String url = "http://localhost:" + RestAssured.port + api.at("/meshes/" + mesh + "/changes");
        try (SseClient client = new SseClient(url, Map.of("X-Api-Key", key))) {
            assertEquals(403, client.status);
        }
        try (SseClient client = new SseClient(url, Map.of("X-Api-Key", "wk_" + "x".repeat(40)))) {
            assertEquals(401, client.status);
        }
    }

    @Test
    void aFilterSeesADocumentEnterAndLeave() throws Exception {
        String filter = URLEncoder.encode("{\"status\":\"open\"}", StandardCharsets.UTF_8);
        try (SseClient client = subscribed(reader.token(), "?filter=" + filter)) {
            create(Map.of("status", "closed", "n", 0));
            String id = create(Map.of("status", "open", "n", 1));
            as(admin).body(Map.of("status", "closed", "n", 2)).put(api.at("/meshes/" + mesh + "/" + id));
            as(admin).body(Map.of("status", "closed", "n", 3)).put(api.at("/meshes/" + mesh + "/" + id));
            as(admin).body(Map.of("status", "open", "n", 4)).put(api.at("/meshes/" + mesh + "/" + id));
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++)
                seen.add(data(client.expect()).get("document").get("n").asInt());
            assertEquals(List.of(1, 2, 4), seen, "enters (1), leaves (2), enters again (4); never matched: 0, 3");
            assertNull(client.next(Duration.ofMillis(500)));
        }
    }

    @Test
    void aRevokedRoleEndsTheSubscriptionWithinOneSecond() throws Exception {
        try (SseClient client = subscribed(reader.token(), "")) {
            api.removeMember(admin, role, reader.id());
            long revoked = System.nanoTime();
            SseClient.Event event = client.expect();
            long millis = (System.nanoTime() - revoked) / 1_000_000;
            assertEquals("ended", event.name());
            assertTrue(data(event).get("reason").asText().contains("meshes." + mesh), event.data());
            assertTrue(millis < 1000, "ended after " + millis + " ms");
        }
    }

    @Test
    void resumingReplaysEveryMissedChangeExactlyOnce() throws Exception {
        String last;
        try (SseClient client = subscribed(reader.token(), "")) {
            create(Map.of("n", 0));
            last = client.expect().id();
        }
        for (int n = 1; n <= 3; n++) create(Map.of("n", n));
        try (SseClient client = subscribe(reader.token(), "", Map.of("Last-Event-ID", last))) {
            assertEquals("subscribed", client.expect().name());
            create(Map.of("n", 4));
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++)
                seen.add(data(client.expect()).get("document").get("n").asInt());
            assertEquals(List.of(1, 2, 3, 4), seen);
            assertNull(client.next(Duration.ofMillis(500)));
        }
        for (String bad : List.of(
                "?since=-4",
                "?since=soon",
                "?documentId=nope",
                "?filter=" + URLEncoder.encode("{\"a\":{\"$nope\":1}}", StandardCharsets.UTF_8),
                "?filter=" + URLEncoder.encode("{\"a\":", StandardCharsets.UTF_8))) {
            try (SseClient client = subscribe(reader.token(), bad, Map.of())) {
                assertEquals(400, client.status, bad);
            }
        }
    }

    @Test
    void historyKeepsEveryVersionAndOutlivesTheDocument() {
        String id = create(Map.of("n", 0));
        for (int n = 1; n <= 10; n++) {
            String etag = as(admin)
                    .body(Map.of("n", n))
                    .put(api.at("/meshes/" + mesh + "/" + id))
                    .then()
                    .statusCode(200)
                    .extract()
                    .header("ETag");
            assertEquals("\"" + (n + 1) + "\"", etag);
        }
        String history = api.at("/meshes/" + mesh + "/" + id + "/history");
        as(reader.token())
                .queryParam("pageSize", 200)
                .get(history)
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(11))
                .body("results[0].version", equalTo(11))
                .body("results[0].document.n", equalTo(10))
                .body("results[0].principal.type", equalTo("user"))
                .body("results[10].version", equalTo(1))
                .body("results[10].op", equalTo("create"))
                .body("results[10].document._id", equalTo(id));
        as(reader.token()).get(history + "/5").then().statusCode(200).body("document.n", equalTo(4));
        as(reader.token()).get(history + "/99").then().statusCode(404);
        as(admin).delete(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(204);
        as(reader.token())
                .get(history)
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(12))
                .body("results[0].op", equalTo("delete"))
                .body("results[0].document", nullValue());
        as(api.user().token()).get(history).then().statusCode(403);
        as(reader.token())
                .get(api.at("/meshes/" + mesh + "/6b0000000000000000000000/history"))
                .then()
                .statusCode(404);
    }
}
