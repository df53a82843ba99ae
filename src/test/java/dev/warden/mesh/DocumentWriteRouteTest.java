package dev.warden.mesh;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.account.Verification;
import dev.warden.audit.DenialRecorder;
import dev.warden.support.Api;
import dev.warden.support.EndpointCatalog;
import dev.warden.support.Keys;
import dev.warden.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The document create and replace served beside RESTEasy (ADR 0017) answer exactly what RESTEasy
 * would, and write exactly what it would: each case reads the effect back and says whether the
 * route served it, from its counter, so a case cannot pass by taking the other path.
 */
@QuarkusTest
class DocumentWriteRouteTest {

    static final String MISSING = "5f1d7c3e9b1e8a00ffffffff";

    @Inject
    DenialRecorder denials;

    Api api;
    String admin;
    String notes;
    String role;
    Api.Session ada;
    Api.Session bob;
    Api.Session outsider;
    String adas;
    String bobs;

    @BeforeEach
    void setUp() {
        api = Api.freshAccount(Verification.NONE);
        admin = api.admin();
        notes = Api.uniqueLetters("notes");
        role = api.createRole(admin, Api.uniqueLetters("owners"));
        api.grant(
                admin,
                role,
                Map.of(
                        "permissibleName",
                        "meshes." + notes,
                        "create",
                        true,
                        "read",
                        true,
                        "update",
                        true,
                        "scope",
                        "own"));
        ada = api.user();
        bob = api.user();
        outsider = api.user();
        api.addMember(admin, role, ada.id());
        api.addMember(admin, role, bob.id());
        adas = create(ada.request(), "{\"by\":\"ada\"}");
        bobs = create(bob.request(), "{\"by\":\"bob\"}");
    }

    private String create(RequestSpecification as, String body) {
        return as.body(body)
                .post(api.at("/meshes/" + notes))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    @Test
    void noOtherEndpointHasAPathTheRoutesTake() {
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            String sample = endpoint.path().replaceAll("\\{[^}]+}", "5f1d7c3e9b1e8a0012345678");
            boolean taken = DocumentWriteRoute.pathParameters(HttpMethod.valueOf(endpoint.method()), sample)
                    .isPresent();
            boolean served = endpoint.key().equals("POST /{account}/meshes/{mesh}")
                    || endpoint.key().equals("PUT /{account}/meshes/{mesh}/{id}");
            assertEquals(served, taken, endpoint.key());
        }
        for (String path : List.of("/demo/meshes/..", "/demo/meshes/no%74es", "/demo/meshes/notes/x")) {
            assertEquals(
                    List.of(),
                    DocumentWriteRoute.pathParameters(HttpMethod.POST, path).stream()
                            .toList(),
                    path);
        }
        assertEquals(
                List.of(),
                DocumentWriteRoute.pathParameters(HttpMethod.PUT, "/demo/meshes/notes/" + MISSING.toUpperCase())
                        .stream()
                        .toList());
    }

    /**
     * One write: who sends what where, the answer, and what a read of {@code readBack} (as the
     * admin, after the write) must and must not show; null skips the read.
     */
    record Case(
            String name,
            Supplier<RequestSpecification> request,
            String method,
            String path,
            String body,
            int status,
            String bodyHas,
            String bodyLacks,
            boolean servedBesideRestEasy,
            String readBack,
            String readHas,
            String readLacks) {}

    @Test
    void servesThePlainAllowedWriteAndHandsEverythingElseToRestEasy() {
        String otherAccountsAdmin = Api.adminToken();
        Keys.Key key = Keys.create(api, admin, List.of(Keys.permission("meshes." + notes, "cru")));
        Keys.Key readOnlyKey = Keys.create(api, admin, List.of(Keys.permission("meshes." + notes, "r")));
        String tenant = Api.uniqueLetters("t");
        as(admin).body(Map.of("name", tenant)).post(api.at("/tenants")).then().statusCode(201);
        String tenants = create(as(admin).header("tenant", tenant), "{\"by\":\"tenantsown\"}");
        String mesh = "/meshes/" + notes;
        String doc = mesh + "/";
        String fresh1 = "5f1d7c3e9b1e8a0000000001";
        String fresh2 = "5f1d7c3e9b1e8a0000000002";
        String fresh3 = "5f1d7c3e9b1e8a0000000003";
        List<Case> cases = List.of(
                // Creates.
                new Case(
                        "admin creates",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + fresh1 + "\",\"n\":1.25}",
                        201,
                        "1.25",
                        "message",
                        true,
                        doc + fresh1,
                        "1.25",
                        "message"),
                new Case(
                        "own scope creates",
                        ada::request,
                        "POST",
                        mesh,
                        "{\"_id\":\"" + fresh2 + "\",\"by\":\"a2\"}",
                        201,
                        "a2",
                        "message",
                        true,
                        doc + fresh2 + "/owner",
                        ada.id(),
                        "message"),
                new Case(
                        "API key creates",
                        key::request,
                        "POST",
                        mesh,
                        "{\"_id\":\"" + fresh3 + "\",\"bykey\":1}",
                        201,
                        "bykey",
                        "message",
                        true,
                        doc + fresh3,
                        "bykey",
                        "message"),
                new Case(
                        "array creates all",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "[{\"arr\":1},{\"arr\":2}]",
                        201,
                        "\"createdCount\":2",
                        "message",
                        true,
                        null,
                        null,
                        null),
                new Case(
                        "read-only key",
                        readOnlyKey::request,
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        403,
                        "insufficient_permission",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "no role",
                        outsider::request,
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        403,
                        "insufficient_permission",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "no credential",
                        () -> given().contentType("application/json"),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        401,
                        "access token",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "another account's token",
                        () -> as(otherAccountsAdmin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        401,
                        "access token",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "unknown tenant",
                        () -> as(admin).header("tenant", "nosuchtenant"),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        400,
                        "Unknown tenant",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "repeated Authorization",
                        () -> as(admin).header("Authorization", "Bearer " + admin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\"}",
                        400,
                        "Authorization",
                        "_id",
                        false,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "invalid mesh name",
                        () -> as(admin),
                        "POST",
                        "/meshes/no-tes",
                        "{}",
                        400,
                        "Mesh name is invalid",
                        "_id",
                        false,
                        null,
                        null,
                        null),
                new Case(
                        "malformed JSON",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\",",
                        400,
                        "Malformed JSON",
                        "_id",
                        true,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "a $ name",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\",\"$set\":1}",
                        400,
                        "may not start with $",
                        "_id\"",
                        true,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "a number PostgreSQL cannot store",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\",\"n\":1e999999}",
                        400,
                        "outside the range",
                        "_id\"",
                        true,
                        doc + MISSING,
                        "not found",
                        "_id"),
                new Case(
                        "null body",
                        () -> as(admin),
                        "POST",
                        mesh,
                        "null",
                        400,
                        "A JSON object or array body is required",
                        "_id",
                        true,
                        null,
                        null,
                        null),
                new Case(
                        "own scope takes another's id",
                        ada::request,
                        "POST",
                        mesh,
                        "{\"_id\":\"" + bobs + "\",\"by\":\"ada\"}",
                        400,
                        "already exists",
                        "\"by\"",
                        true,
                        doc + bobs,
                        "\"bob\"",
                        "\"ada\""),
                new Case(
                        "text/plain",
                        () -> as(admin).contentType("text/plain"),
                        "POST",
                        mesh,
                        "{}",
                        415,
                        "message",
                        "_id",
                        false,
                        null,
                        null,
                        null),
                new Case(
                        "a query string",
                        () -> as(admin).queryParam("x", "1"),
                        "POST",
                        mesh,
                        "{\"queried\":1}",
                        201,
                        "queried",
                        "message",
                        false,
                        null,
                        null,
                        null),
                new Case(
                        "weighted Accept",
                        () -> as(admin).accept("application/json;q=0.9"),
                        "POST",
                        mesh,
                        "{\"weighted\":1}",
                        201,
                        "weighted",
                        "message",
                        false,
                        null,
                        null,
                        null),
                new Case(
                        "own tenant",
                        () -> as(admin).header("tenant", tenant),
                        "POST",
                        mesh,
                        "{\"_id\":\"" + MISSING + "\",\"intenant\":1}",
                        201,
                        "intenant",
                        "message",
                        true,
                        doc + MISSING,
                        "not found",
                        "intenant"),
                // Replaces.
                new Case(
                        "admin replaces",
                        () -> as(admin),
                        "PUT",
                        doc + adas,
                        "{\"by\":\"admin\"}",
                        200,
                        "admin",
                        "message",
                        true,
                        doc + adas,
                        "admin",
                        "ada"),
                new Case(
                        "own scope replaces its own",
                        bob::request,
                        "PUT",
                        doc + bobs,
                        "{\"by\":\"bob2\"}",
                        200,
                        "bob2",
                        "message",
                        true,
                        doc + bobs,
                        "bob2",
                        "message"),
                new Case(
                        "own scope replaces another's",
                        ada::request,
                        "PUT",
                        doc + bobs,
                        "{\"by\":\"ada\"}",
                        404,
                        "Document not found",
                        "bob",
                        true,
                        doc + bobs,
                        "bob",
                        "ada"),
                new Case(
                        "stale If-Match",
                        () -> as(admin).header("If-Match", "\"1\""),
                        "PUT",
                        doc + adas,
                        "{\"by\":\"stale\"}",
                        412,
                        "has changed",
                        "stale",
                        true,
                        doc + adas,
                        "admin",
                        "stale"),
                new Case(
                        "missing",
                        () -> as(admin),
                        "PUT",
                        doc + MISSING,
                        "{\"by\":\"x\"}",
                        404,
                        "Document not found",
                        "\"by\"",
                        true,
                        doc + MISSING,
                        "not found",
                        "\"by\""),
                new Case(
                        "an array",
                        () -> as(admin),
                        "PUT",
                        doc + adas,
                        "[1]",
                        400,
                        "must be a JSON object",
                        "_id",
                        true,
                        doc + adas,
                        "admin",
                        "message"),
                new Case(
                        "NUL in a string",
                        () -> as(admin),
                        "PUT",
                        doc + adas,
                        "{\"by\":\"a\\u0000b\"}",
                        400,
                        "NUL",
                        "_id",
                        true,
                        doc + adas,
                        "admin",
                        "message"),
                new Case(
                        "no role replaces",
                        outsider::request,
                        "PUT",
                        doc + adas,
                        "{\"by\":\"outsider\"}",
                        403,
                        "insufficient_permission",
                        "_id",
                        false,
                        doc + adas,
                        "admin",
                        "outsider"),
                new Case(
                        "read-only key replaces",
                        readOnlyKey::request,
                        "PUT",
                        doc + adas,
                        "{\"by\":\"key\"}",
                        403,
                        "insufficient_permission",
                        "_id",
                        false,
                        doc + adas,
                        "admin",
                        "key"),
                new Case(
                        "a tenant's document from the default tenant",
                        () -> as(admin),
                        "PUT",
                        doc + tenants,
                        "{\"by\":\"crossed\"}",
                        404,
                        "Document not found",
                        "crossed",
                        true,
                        null,
                        null,
                        null),
                new Case(
                        "repeated If-Match",
                        () -> as(admin).header("If-Match", "\"1\"").header("If-Match", "*"),
                        "PUT",
                        doc + adas,
                        "{\"by\":\"twice\"}",
                        412,
                        "has changed",
                        "twice",
                        false,
                        doc + adas,
                        "admin",
                        "twice"));
        for (Case c : cases) {
            double before = served();
            Response response = c.request().get().body(c.body()).request(c.method(), api.at(c.path()));
            response.then()
                    .statusCode(c.status())
                    .body(containsString(c.bodyHas()))
                    .body(not(containsString(c.bodyLacks())));
            assertEquals(c.servedBesideRestEasy() ? 1.0 : 0.0, served() - before, c.name());
            if (c.readBack() != null) {
                as(admin)
                        .get(api.at(c.readBack()))
                        .then()
                        .body(containsString(c.readHas()))
                        .body(not(containsString(c.readLacks())));
            }
        }
        as(admin)
                .header("tenant", tenant)
                .get(api.at(doc + tenants))
                .then()
                .statusCode(200)
                .body(containsString("tenantsown"))
                .body(not(containsString("crossed")));
    }

    /** Status, body, Content-Type and ETag as RESTEasy answers them, for successes and failures alike. */
    @Test
    void answersAsRestEasyDoes() {
        List<String> bodies = List.of(
                "{\"_id\":\"%s\",\"a\":0.10,\"b\":[1,{\"c\":null}],\"d\":\"\\u00e9\",\"a\":2}",
                "{\"_id\":\"%s\",",
                "{\"_id\":\"%s\"} trailing",
                "{\"_id\":\"%s\",\"x.y\":1}",
                "{\"_id\":\"%s\",\"deep\":" + "[".repeat(300) + "]".repeat(300) + "}",
                "{\"_id\":\"%s\",\"big\":1e999999}",
                "\"just a string\"",
                "[]",
                "{\"_id\":\"nothex\"}");
        int n = 0;
        double before = served();
        int fastWrites = 0;
        for (String body : bodies) {
            String direct = "5f1d7c3e9b1e8a00000001%02x".formatted(n++);
            String viaRestEasy = "5f1d7c3e9b1e8a00000001%02x".formatted(n++);
            Response fast = as(admin).body(body.formatted(direct)).post(api.at("/meshes/" + notes));
            Response slow = as(admin)
                    .accept("application/json;q=1")
                    .body(body.formatted(viaRestEasy))
                    .post(api.at("/meshes/" + notes));
            assertSameAnswer(slow, fast, viaRestEasy, direct, body);
            fastWrites++;
            if (fast.statusCode() == 201) {
                fastWrites++;
                Response replacedFast =
                        as(admin).body(body.formatted(direct)).put(api.at("/meshes/" + notes + "/" + direct));
                Response replacedSlow = as(admin)
                        .accept("application/json;q=1")
                        .body(body.formatted(viaRestEasy))
                        .put(api.at("/meshes/" + notes + "/" + viaRestEasy));
                assertSameAnswer(replacedSlow, replacedFast, viaRestEasy, direct, "replace " + body);
                assertEquals("\"2\"", replacedFast.header("ETag"));
            }
        }
        assertEquals(fastWrites, served() - before, "writes answered beside RESTEasy");
    }

    private static void assertSameAnswer(Response slow, Response fast, String slowId, String fastId, String what) {
        assertEquals(slow.statusCode(), fast.statusCode(), what);
        assertEquals(slow.asString().replace(slowId, fastId), fast.asString(), what);
        for (String header : List.of("Content-Type", "ETag", "Retry-After")) {
            assertEquals(slow.header(header), fast.header(header), header + " of " + what);
        }
    }

    /** A refusal is handed on before the body is read, and RESTEasy's filter audits it once. */
    @Test
    void aRefusedWriteIsAuditedOnce() {
        for (int i = 0; i < 3; i++) {
            outsider.request()
                    .body("{\"by\":\"outsider\"}")
                    .post(api.at("/meshes/" + notes))
                    .then()
                    .statusCode(403);
        }
        denials.flush().await().atMost(Duration.ofSeconds(10));
        as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", outsider.id())
                .get(api.at("/audit"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].count", equalTo(3));
    }

    /** Roles are resolved on every request on this path too: a removed membership refuses the next write. */
    @Test
    void aRevokedRoleRefusesTheNextWrite() {
        ada.request()
                .body("{\"by\":\"before\"}")
                .put(api.at("/meshes/" + notes + "/" + adas))
                .then()
                .statusCode(200);
        api.removeMember(admin, role, ada.id());
        ada.request()
                .body("{\"by\":\"after\"}")
                .put(api.at("/meshes/" + notes + "/" + adas))
                .then()
                .statusCode(403);
        as(admin).get(api.at("/meshes/" + notes + "/" + adas)).then().body("by", equalTo("before"));
    }

    /** A write on the short path reaches the change log like any other: one change, by its writer. */
    @Test
    void aWriteOnTheShortPathIsInTheHistory() {
        double before = served();
        ada.request()
                .body("{\"by\":\"ada2\"}")
                .put(api.at("/meshes/" + notes + "/" + adas))
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");
        assertEquals(1.0, served() - before);
        as(admin)
                .get(api.at("/meshes/" + notes + "/" + adas + "/history"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(2))
                .body(containsString("ada2"));
    }

    /**
     * Writers at once on the short path: each write is one statement, so of creates with one id
     * exactly one is stored and the others are refused, and of replaces naming the same version
     * exactly one is applied and the others get 412; the document and its history show one of each.
     */
    @Test
    void ofConcurrentWritersOfOneDocumentExactlyOneWins() {
        int writers = 8;
        String id = "5f1d7c3e9b1e8a00000002aa";
        String path = "/meshes/" + notes + "/" + id;
        double before = served();
        List<Integer> creates = all(writers, i -> as(admin)
                .body("{\"_id\":\"" + id + "\",\"created\":" + i + "}")
                .post(api.at("/meshes/" + notes))
                .statusCode());
        List<Integer> replaces = all(writers, i -> as(admin)
                .header("If-Match", "\"1\"")
                .body("{\"replaced\":" + i + "}")
                .put(api.at(path))
                .statusCode());
        assertEquals(1, Collections.frequency(creates, 201), creates.toString());
        assertEquals(writers - 1, Collections.frequency(creates, 400), creates.toString());
        assertEquals(1, Collections.frequency(replaces, 200), replaces.toString());
        assertEquals(writers - 1, Collections.frequency(replaces, 412), replaces.toString());
        assertEquals(2.0 * writers, served() - before, "writes answered beside RESTEasy");
        as(admin)
                .get(api.at(path))
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body(containsString("replaced"))
                .body(not(containsString("created")));
        as(admin).get(api.at(path + "/history")).then().body("totalRecords", equalTo(2));
    }

    /** Runs {@code writers} requests at once, each on its own thread; their statuses in order. */
    private static List<Integer> all(int writers, IntFunction<Integer> request) {
        var pool = Executors.newFixedThreadPool(writers);
        try {
            var start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> running = IntStream.range(0, writers)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return request.apply(i);
                            },
                            pool))
                    .toList();
            start.countDown();
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static double served() {
        return Metrics.value("warden_document_writes_direct_total");
    }
}
