package dev.warden.hook;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.account.Verification;
import dev.warden.audit.DenialRecorder;
import dev.warden.security.HookGate;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §10.3 against a real app backend over HTTP: a hook is asked only after the roles allowed,
 * with a signed body; it can refuse (403 {@code denied_by_hook}, nothing written), a hook that does
 * not answer in time refuses ({@code hook_unavailable}) unless it fails open, and no answer ever
 * lets through what the roles refused.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HookTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Api api;
    String admin;
    AppBackend backend;
    Api.Session writer;
    Api.Session outsider;

    @Inject
    DenialRecorder denials;

    @BeforeAll
    void start() throws Exception {
        api = Api.freshAccount(Verification.NONE);
        backend = new AppBackend();
    }

    @AfterAll
    void stop() {
        backend.close();
    }

    /** Each test its own mesh and hook; the account's other hooks are removed first. */
    @BeforeEach
    void setUp() {
        admin = api.admin();
        List<String> hooks =
                as(admin).get(api.at("/hooks?pageSize=200")).then().extract().path("results.id");
        hooks.forEach(id -> as(admin).delete(api.at("/hooks/" + id)).then().statusCode(204));
        backend.calls.clear();
        String role = api.createRole(admin, Api.uniqueLetters("writers"));
        api.grant(
                admin,
                role,
                Map.of(
                        "permissibleName",
                        "meshes.orders",
                        "create",
                        true,
                        "read",
                        true,
                        "update",
                        true,
                        "delete",
                        true));
        writer = api.user();
        api.addMember(admin, role, writer.id());
        outsider = api.user();
    }

    private Map<String, Object> hook(String path, List<String> actions, int timeoutMs, boolean failOpen) {
        return Map.of(
                "name",
                Api.unique("hook"),
                "permissibleName",
                "meshes.orders",
                "actions",
                actions,
                "url",
                backend.url(path),
                "timeoutMs",
                timeoutMs,
                "failOpen",
                failOpen);
    }

    private String define(Map<String, Object> hook) {
        return as(admin)
                .body(hook)
                .post(api.at("/hooks"))
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    /** Creates an order as {@code who}; its id. */
    private String order(RequestSpecification who, String item) {
        return who.body(Map.of("item", item))
                .post(api.at("/meshes/orders"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    private int orders() {
        return as(admin)
                .get(api.at("/meshes/orders"))
                .then()
                .statusCode(200)
                .extract()
                .path("totalRecords");
    }

    @Test
    void theBackendReceivesTheDocumentedSignedBody() throws Exception {
        String secret = define(hook("/allow", List.of("create", "read"), 1000, false));
        String id = order(writer.request(), "tea");
        writer.request().get(api.at("/meshes/orders/" + id)).then().statusCode(200);
        assertEquals(2, backend.callsTo("/allow"));
        AppBackend.Call create = backend.calls.get(0);
        assertEquals(
                "sha256=" + HookGate.sign(secret, create.body().getBytes(StandardCharsets.UTF_8)), create.signature());
        JsonNode body = JSON.readTree(create.body());
        assertEquals(api.account(), body.get("account").asText());
        assertEquals("user", body.get("principal").get("type").asText());
        assertEquals(writer.id(), body.get("principal").get("id").asText());
        assertEquals(writer.username(), body.get("principal").get("name").asText());
        assertTrue(body.get("principal").get("roles").isArray());
        assertEquals("create", body.get("action").asText());
        assertEquals("meshes.orders", body.get("permissible").asText());
        assertEquals("tea", body.get("document").get("item").asText());
        assertTrue(body.get("requestId").asText().length() > 0);
        assertTrue(body.get("tenant").isNull(), "the default tenant is sent as null");
        JsonNode read = JSON.readTree(backend.calls.get(1).body());
        assertEquals("read", read.get("action").asText());
        assertEquals(id, read.get("documentId").asText());
        // In a tenant (spec §13), the hook is told which, so it can decide per tenant.
        String tenant = Api.uniqueLetters("t");
        as(admin).body(Map.of("name", tenant)).post(api.at("/tenants")).then().statusCode(201);
        as(admin)
                .header("tenant", tenant)
                .body(Map.of("item", "coffee"))
                .post(api.at("/meshes/orders"))
                .then()
                .statusCode(201);
        assertEquals(3, backend.callsTo("/allow"));
        assertEquals(
                tenant, JSON.readTree(backend.calls.get(2).body()).get("tenant").asText());
        // PUT keeps the secret; the hook's secret never shows again.
        as(admin).get(api.at("/hooks")).then().body("results[0].secret", equalTo(null));
    }

    @Test
    void aRefusingHookGives403WithItsMessageAndNothingIsWritten() {
        String existing = order(as(admin), "kept");
        // A hook narrows every caller, admins included.
        define(hook("/deny", List.of("create", "update", "delete"), 1000, false));
        as(admin)
                .body(Map.of("item", "tea"))
                .post(api.at("/meshes/orders"))
                .then()
                .statusCode(403);
        int before = orders();
        writer.request()
                .body(Map.of("item", "tea"))
                .post(api.at("/meshes/orders"))
                .then()
                .statusCode(403)
                .body("code", equalTo(HookGate.DENIED_BY_HOOK))
                .body("message", equalTo("Not on weekends"));
        writer.request()
                .body(Map.of("item", "changed"))
                .put(api.at("/meshes/orders/" + existing))
                .then()
                .statusCode(403)
                .body("code", equalTo(HookGate.DENIED_BY_HOOK));
        writer.request().delete(api.at("/meshes/orders/" + existing)).then().statusCode(403);
        writer.request()
                .body(Map.of("filter", Map.of("item", "kept"), "update", Map.of("$set", Map.of("item", "x"))))
                .patch(api.at("/meshes/orders"))
                .then()
                .statusCode(403);
        assertEquals(before, orders());
        as(admin).get(api.at("/meshes/orders/" + existing)).then().body("item", equalTo("kept"));
        denials.flush().await().atMost(Duration.ofSeconds(10));
        as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", writer.id())
                .get(api.at("/audit"))
                .then()
                .body("results.details.cause", hasItem("hook " + hookName() + ": denied"))
                .body("results.findAll { it.details.cause == null }", org.hamcrest.Matchers.empty());
    }

    private String hookName() {
        return as(admin).get(api.at("/hooks")).then().extract().path("results[0].name");
    }

    @Test
    void aHookPastItsTimeoutRefusesInTimeUnlessItFailsOpen() {
        define(hook("/slow", List.of("read"), 300, false));
        writer.request().get(api.at("/meshes/orders")).then().statusCode(403); // connection warm
        long started = System.nanoTime();
        writer.request()
                .get(api.at("/meshes/orders"))
                .then()
                .statusCode(403)
                .body("code", equalTo(HookGate.HOOK_UNAVAILABLE));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis < 300 + 100, "answered after " + elapsedMillis + " ms");
        for (String path : List.of("/broken", "/garbled")) {
            setUp();
            define(hook(path, List.of("read"), 1000, false));
            writer.request()
                    .get(api.at("/meshes/orders"))
                    .then()
                    .statusCode(403)
                    .body("code", equalTo(HookGate.HOOK_UNAVAILABLE));
        }
        setUp();
        define(hook("/slow", List.of("read"), 200, true));
        writer.request().get(api.at("/meshes/orders")).then().statusCode(200);
    }

    @Test
    void aHookIsNeverAskedAboutARefusedRequestAndCannotLetItThrough() {
        define(hook("/allow", List.of("create", "read", "update", "delete"), 1000, false));
        outsider.request()
                .get(api.at("/meshes/orders"))
                .then()
                .statusCode(403)
                .body("code", equalTo("insufficient_permission"));
        outsider.request()
                .body(Map.of("item", "x"))
                .post(api.at("/meshes/orders"))
                .then()
                .statusCode(403);
        assertEquals(0, backend.calls.size());
        writer.request().get(api.at("/meshes/other")).then().statusCode(403);
        assertEquals(0, backend.calls.size());
    }

    @Test
    void onlyAdminsDefineHooksAndBadDefinitionsAre400() {
        String role = api.createRole(admin, Api.uniqueLetters("hookers"));
        api.grant(admin, role, Map.of("permissibleName", "hooks", "create", true, "read", true, "update", true));
        Api.Session ada = api.user();
        api.addMember(admin, role, ada.id());
        ada.request()
                .body(hook("/allow", List.of("read"), 500, false))
                .post(api.at("/hooks"))
                .then()
                .statusCode(403);
        ada.request().get(api.at("/hooks")).then().statusCode(200);
        writer.request().get(api.at("/hooks")).then().statusCode(403);
        for (Map<String, Object> bad : List.of(
                Map.of("name", "x", "permissibleName", "meshes.orders", "actions", List.of("read"), "url", "ftp://h/"),
                Map.of("name", "x", "permissibleName", "meshes.orders", "actions", List.of("read"), "url", "/relative"),
                Map.of("name", "x", "permissibleName", "meshes.orders", "actions", List.of(), "url", backend.url("/")),
                Map.of(
                        "name",
                        "x",
                        "permissibleName",
                        "meshes.orders",
                        "actions",
                        List.of("fly"),
                        "url",
                        backend.url("/")),
                Map.of("name", "x", "permissibleName", "nothing", "actions", List.of("read"), "url", backend.url("/")),
                Map.of(
                        "name",
                        "x",
                        "permissibleName",
                        "meshes.orders",
                        "actions",
                        List.of("read"),
                        "url",
                        backend.url("/"),
                        "timeoutMs",
                        0),
                Map.of("permissibleName", "meshes.orders", "actions", List.of("read"), "url", backend.url("/")))) {
            as(admin).body(bad).post(api.at("/hooks")).then().statusCode(400);
        }
        as(admin).get(api.at("/hooks")).then().body("totalRecords", equalTo(0));
    }

    /** The most frequent request, a document by id, asks its hook like every other (ADR 0016). */
    @Test
    void aHookRefusingReadsRefusesADocumentReadById() {
        String id = order(writer.request(), "tea");
        define(hook("/deny", List.of("read"), 1000, false));
        for (int i = 0; i < 2; i++) {
            writer.request()
                    .get(api.at("/meshes/orders/" + id))
                    .then()
                    .statusCode(403)
                    .body("code", equalTo(HookGate.DENIED_BY_HOOK))
                    .body("message", equalTo("Not on weekends"));
        }
        assertEquals(2, backend.callsTo("/deny"));
    }

    @Test
    void changingOrDeletingAHookActsOnTheNextRequest() {
        define(hook("/deny", List.of("read"), 1000, false));
        writer.request().get(api.at("/meshes/orders")).then().statusCode(403);
        String id = as(admin).get(api.at("/hooks")).then().extract().path("results[0].id");
        as(admin)
                .body(hook("/allow", List.of("read"), 1000, false))
                .put(api.at("/hooks/" + id))
                .then()
                .statusCode(200)
                .body("url", equalTo(backend.url("/allow")));
        writer.request().get(api.at("/meshes/orders")).then().statusCode(200);
        as(admin).delete(api.at("/hooks/" + id)).then().statusCode(204);
        backend.calls.clear();
        writer.request().get(api.at("/meshes/orders")).then().statusCode(200);
        assertEquals(0, backend.calls.size());
    }
}
