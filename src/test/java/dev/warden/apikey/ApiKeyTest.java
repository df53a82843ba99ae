package dev.warden.apikey;

import static dev.warden.support.Api.as;
import static dev.warden.support.Keys.permission;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.keys.ApiKeys;
import dev.warden.security.KeyUsage;
import dev.warden.support.Api;
import dev.warden.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec §10.1: API keys, their permissions decided like a role's, and their life cycle. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyTest {

    Api api;
    String admin;

    @Inject
    Pool pool;

    @Inject
    KeyUsage usage;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    @BeforeEach
    void signIn() {
        admin = api.admin();
    }

    private String createDocument(String mesh, Map<String, Object> document) {
        return as(admin)
                .body(document)
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    @Test
    void theKeyIsShownOnceAndOnlyItsHashIsStored() {
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "r")));
        assertTrue(key.key().matches("wk_[A-Za-z0-9]{40}"), key.key());
        as(admin)
                .get(api.at("/apikeys/" + key.id()))
                .then()
                .statusCode(200)
                .body("key", nullValue())
                .body("prefix", equalTo(key.key().substring(0, 9)))
                .body("permissions[0].permissibleName", equalTo("meshes.notes"))
                .body("permissions[0].read", equalTo(true))
                .body("permissions[0].create", equalTo(false))
                .body("permissions[0].scope", equalTo("all"));
        as(admin)
                .get(api.at("/apikeys?pageSize=200"))
                .then()
                .statusCode(200)
                .body("results.find { it.id == '" + key.id() + "' }.key", nullValue());
        Row row = pool.preparedQuery("select key_hash, row_to_json(k)::text as everything from api_keys k"
                        + " where account = $1 and id = $2")
                .execute(Tuple.of(api.account(), key.id()))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assertArrayEquals(ApiKeys.hash(key.key()), row.getBuffer("key_hash").getBytes());
        assertFalse(row.getString("everything").contains(key.key().substring(3)), "the key is not stored");
    }

    @Test
    void aPatternKeyReadsMatchingMeshesAndIsRefusedOthers() {
        String daily = createDocument("reportDaily", Map.of("day", 1));
        String order = createDocument("orders", Map.of("n", 1));
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.report*", "r")));
        key.request()
                .get(api.at("/meshes/reportDaily/" + daily))
                .then()
                .statusCode(200)
                .body("day", equalTo(1));
        given().header("Authorization", "ApiKey " + key.key())
                .get(api.at("/meshes/reportDaily/" + daily))
                .then()
                .statusCode(200);
        key.request()
                .get(api.at("/meshes/orders/" + order))
                .then()
                .statusCode(403)
                .body("code", equalTo("insufficient_permission"));
        key.request()
                .body(Map.of("day", 2))
                .post(api.at("/meshes/reportDaily"))
                .then()
                .statusCode(403);
        as(admin).get(api.at("/meshes/reportDaily")).then().body("totalRecords", equalTo(1));
    }

    @Test
    void aKeyNeverReachesUsersMeOrKeysUnlessGranted() {
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "r")));
        key.request().get(api.at("/users/me")).then().statusCode(400);
        key.request()
                .body(Map.of("firstName", "x"))
                .put(api.at("/users/me"))
                .then()
                .statusCode(400);
        key.request()
                .body(Map.of("oldPassword", "a", "newPassword", "b"))
                .post(api.at("/users/me/password"))
                .then()
                .statusCode(400);
        key.request()
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("permissions.permissibleName", equalTo(List.of("meshes.notes")));
        key.request().get(api.at("/apikeys")).then().statusCode(403);
        key.request().get(api.at("/apikeys/" + key.id())).then().statusCode(403);
        key.request()
                .body(Map.of("name", "more", "permissions", List.of(permission("meshes", "crud"))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(403);
        key.request().delete(api.at("/apikeys/" + key.id())).then().statusCode(403);
        key.request().get(api.at("/users")).then().statusCode(403);
        key.request().get(api.at("/roles")).then().statusCode(403);
        key.request().get(api.at("/meshes/notes/" + key.id())).then().statusCode(404);
    }

    @Test
    void aKeyOrAUserGivesAKeyOnlyWhatItHolds() {
        Keys.Key manager =
                Keys.create(api, admin, List.of(permission("apiKeys", "crud"), permission("meshes.notes", "r", "own")));
        manager.request()
                .body(Map.of("name", "reader", "permissions", List.of(permission("meshes.notes", "r", "own"))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201);
        for (Map<String, Object> beyond : List.of(
                permission("meshes.notes", "r"),
                permission("meshes.notes", "rc", "own"),
                permission("meshes.other", "r"),
                permission("meshes.*", "r", "own"),
                permission("roles", "r"))) {
            manager.request()
                    .body(Map.of("name", "beyond", "permissions", List.of(beyond)))
                    .post(api.at("/apikeys"))
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("insufficient_permission"));
        }
        String role = api.createRole(admin, Api.uniqueLetters("keymakers"));
        api.grant(admin, role, Map.of("permissibleName", "apiKeys", "create", true));
        api.grant(admin, role, Map.of("permissibleName", "meshes.notes", "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, role, ada.id());
        ada.request()
                .body(Map.of("name", "mine", "permissions", List.of(permission("meshes.notes", "r"))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201);
        ada.request()
                .body(Map.of("name", "more", "permissions", List.of(permission("meshes.notes", "rd"))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(403);
        api.user()
                .request()
                .body(Map.of("name", "nobody", "permissions", List.of()))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(403);
    }

    @Test
    void revokingOrNarrowingAKeyActsOnItsNextRequest() {
        String note = createDocument("notes", Map.of("text", "hi"));
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "rd")));
        key.request().get(api.at("/meshes/notes/" + note)).then().statusCode(200);
        as(admin)
                .body(Map.of("name", "narrowed", "permissions", List.of(permission("meshes.notes", "d"))))
                .put(api.at("/apikeys/" + key.id()))
                .then()
                .statusCode(200)
                .body("name", equalTo("narrowed"))
                .body("permissions[0].read", equalTo(false));
        key.request().get(api.at("/meshes/notes/" + note)).then().statusCode(403);
        as(admin).delete(api.at("/apikeys/" + key.id())).then().statusCode(204);
        key.request().get(api.at("/meshes/notes/" + note)).then().statusCode(401);
        as(admin).get(api.at("/apikeys/" + key.id())).then().statusCode(404);
        as(admin).delete(api.at("/apikeys/" + key.id())).then().statusCode(404);
    }

    @Test
    void unknownExpiredAndMalformedKeysAre401() {
        given().header("X-Api-Key", "wk_" + "x".repeat(40))
                .get(api.at("/meshes/notes"))
                .then()
                .statusCode(401);
        given().header("X-Api-Key", "").get(api.at("/meshes/notes")).then().statusCode(401);
        given().header("Authorization", "ApiKey ")
                .get(api.at("/meshes/notes"))
                .then()
                .statusCode(401);
        Api elsewhere = Api.freshAccount(Verification.NONE);
        Keys.Key other = Keys.create(elsewhere, elsewhere.admin(), List.of());
        other.request().get(api.at("/meshes/notes")).then().statusCode(401);
        String id = as(admin)
                .body(Map.of(
                        "name",
                        "brief",
                        "permissions",
                        List.of(permission("meshes.notes", "r")),
                        "expiresAt",
                        Instant.now().plusMillis(1500).toString()))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        given().header("X-Api-Key", id).get(api.at("/meshes/notes")).then().statusCode(200);
        // Refused from its expiry on (polled, at most 5 s): no request after expiresAt passes.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status =
                    given().header("X-Api-Key", id).get(api.at("/meshes/notes")).statusCode();
        }
        assertEquals(401, status);
        given().header("X-Api-Key", id).get(api.at("/meshes/notes")).then().statusCode(401);
    }

    @Test
    void badDefinitionsAre400AndWriteNothing() {
        int before = as(admin).get(api.at("/apikeys")).then().extract().path("totalRecords");
        List<Object> bodies = List.of(
                Map.of("permissions", List.of()),
                Map.of("name", "", "permissions", List.of()),
                Map.of("name", "x"),
                Map.of("name", "x", "permissions", "meshes"),
                Map.of("name", "x", "permissions", List.of(Map.of("permissibleName", "bogus", "read", true))),
                Map.of("name", "x", "permissions", List.of(Map.of("permissibleName", "meshes.a1", "read", true))),
                Map.of("name", "x", "permissions", List.of(Map.of("permissibleName", "meshes.a"))),
                Map.of("name", "x", "permissions", List.of(permission("meshes.a", "r"), permission("meshes.a", "c"))),
                Map.of("name", "x", "permissions", List.of(permission("roles", "r", "own"))),
                Map.of("name", "x", "permissions", List.of(), "expiresAt", "tomorrow"),
                Map.of("name", "x", "permissions", List.of(), "expiresAt", "2020-01-01T00:00:00Z"),
                "[]");
        for (Object body : bodies) {
            as(admin).body(body).post(api.at("/apikeys")).then().statusCode(400).body("message", notNullValue());
        }
        as(admin).body("{\"name\":").post(api.at("/apikeys")).then().statusCode(400);
        as(admin).get(api.at("/apikeys")).then().body("totalRecords", equalTo(before));
        as(admin).get(api.at("/apikeys/not-an-id")).then().statusCode(404);
    }

    @Test
    void whatAKeyCreatesItOwnsAndOwnScopeGivesItAPrivateSpace() {
        String theirs = createDocument("drafts", Map.of("by", "admin"));
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.drafts", "crud", "own")));
        String mine = key.request()
                .body(Map.of("by", "key"))
                .post(api.at("/meshes/drafts"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        as(admin)
                .get(api.at("/meshes/drafts/" + mine + "/owner"))
                .then()
                .statusCode(200)
                .body("ownerId", equalTo(key.id()))
                .body("ownerType", equalTo("apiKey"));
        key.request().get(api.at("/meshes/drafts/" + theirs)).then().statusCode(404);
        key.request()
                .get(api.at("/meshes/drafts"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1))
                .body("results[0]._id", equalTo(mine));
    }

    @Test
    void useIsRecordedWithoutAWritePerRequest() {
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "r")));
        as(admin).get(api.at("/apikeys/" + key.id())).then().body("lastUsedAt", nullValue());
        key.request().get(api.at("/meshes/notes")).then().statusCode(200);
        key.request().get(api.at("/meshes/notes")).then().statusCode(200);
        usage.flush().await().atMost(Duration.ofSeconds(10));
        as(admin).get(api.at("/apikeys/" + key.id())).then().body("lastUsedAt", notNullValue());
    }

    @Test
    void explainAndTheAuditLogCoverKeys() {
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "r")));
        as(admin)
                .queryParam("apiKeyId", key.id())
                .queryParam("action", "read")
                .queryParam("permissible", "meshes.notes")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(200)
                .body("allowed", equalTo(true))
                .body("principal.type", equalTo("apiKey"))
                .body("principal.id", equalTo(key.id()))
                .body("matched[0].permissibleName", equalTo("meshes.notes"))
                .body("matched[0].apiKey", notNullValue());
        as(admin)
                .queryParam("apiKeyId", key.id())
                .queryParam("action", "read")
                .queryParam("permissible", "meshes.orders")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(200)
                .body("allowed", equalTo(false));
        as(admin)
                .queryParam("apiKeyId", key.id())
                .queryParam("userId", key.id())
                .queryParam("action", "read")
                .queryParam("permissible", "meshes.orders")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(400);
        as(admin).body(Map.of("name", "renamed", "permissions", List.of())).put(api.at("/apikeys/" + key.id()));
        as(admin).delete(api.at("/apikeys/" + key.id())).then().statusCode(204);
        List<String> actions = as(admin)
                .queryParam("target", key.id())
                .get(api.at("/audit"))
                .then()
                .statusCode(200)
                .extract()
                .path("results.action");
        assertEquals(List.of("apiKey.revoke", "apiKey.update", "apiKey.create"), actions);
        as(admin)
                .queryParam("target", key.id())
                .get(api.at("/audit"))
                .then()
                .body("results.principal.type", hasItem("user"));
    }
}
