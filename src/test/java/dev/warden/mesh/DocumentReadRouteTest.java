package dev.warden.mesh;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The document read served beside RESTEasy (ADR 0016) answers exactly what RESTEasy would: it
 * serves the plain, allowed read and hands every other request on, so refusals, errors and
 * unusual requests get RESTEasy's answer. Each case says whether the route served it, read from
 * its counter, so a case cannot pass by taking the other path.
 */
@QuarkusTest
class DocumentReadRouteTest {

    static final String MISSING = "5f1d7c3e9b1e8a00ffffffff";

    @Inject
    DenialRecorder denials;

    Api api;
    String admin;
    String notes;
    String role;
    Api.Session ada;
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
                Map.of("permissibleName", "meshes." + notes, "create", true, "read", true, "scope", "own"));
        ada = api.user();
        Api.Session bob = api.user();
        outsider = api.user();
        api.addMember(admin, role, ada.id());
        api.addMember(admin, role, bob.id());
        adas = create(ada.request(), "ada");
        bobs = create(bob.request(), "bob");
    }

    private String create(RequestSpecification as, String by) {
        return as.body(Map.of("by", by))
                .post(api.at("/meshes/" + notes))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    @Test
    void noOtherEndpointHasAPathTheRouteTakes() {
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            String sample = endpoint.path().replaceAll("\\{[^}]+}", "5f1d7c3e9b1e8a0012345678");
            boolean taken = endpoint.method().equals("GET")
                    && DocumentReadRoute.pathParameters(sample).isPresent();
            assertEquals(endpoint.key().equals("GET /{account}/meshes/{mesh}/{id}"), taken, endpoint.key());
        }
        assertEquals(
                List.of(),
                DocumentReadRoute.pathParameters("/demo/meshes/notes/..").stream()
                        .toList());
        assertEquals(
                List.of(),
                DocumentReadRoute.pathParameters("/demo/meshes/no%74es/" + MISSING).stream()
                        .toList());
    }

    record Case(
            String name,
            Supplier<RequestSpecification> request,
            String path,
            int status,
            String bodyHas,
            String bodyLacks,
            boolean servedBesideRestEasy) {}

    @Test
    void servesThePlainAllowedReadAndHandsEverythingElseToRestEasy() {
        String otherAccountsAdmin = Api.adminToken();
        String key = Keys.create(api, admin, List.of(Keys.permission("meshes." + notes, "r")))
                .key();
        String keyForAnotherMesh = Keys.create(api, admin, List.of(Keys.permission("meshes.elsewhere", "r")))
                .key();
        // A tenant's document, and the same admin reading across the tenant line both ways (spec §13).
        String tenant = Api.uniqueLetters("t");
        as(admin).body(Map.of("name", tenant)).post(api.at("/tenants")).then().statusCode(201);
        String tenants = create(as(admin).header("tenant", tenant), "tenantsown");
        String doc = "/meshes/" + notes + "/";
        List<Case> cases = List.of(
                new Case("admin", () -> as(admin), doc + adas, 200, "\"ada\"", "message", true),
                new Case("own document", ada::request, doc + adas, 200, "\"ada\"", "message", true),
                new Case("another's, own scope", ada::request, doc + bobs, 404, "Document not found", "bob", false),
                new Case("API key", () -> given().header("X-Api-Key", key), doc + bobs, 200, "bob", "message", true),
                new Case(
                        "API key for another mesh",
                        () -> given().header("X-Api-Key", keyForAnotherMesh),
                        doc + bobs,
                        403,
                        "message",
                        "bob",
                        false),
                new Case(
                        "own tenant's document",
                        () -> as(admin).header("tenant", tenant),
                        doc + tenants,
                        200,
                        "tenantsown",
                        "message",
                        true),
                new Case(
                        "a tenant's document from the default tenant",
                        () -> as(admin),
                        doc + tenants,
                        404,
                        "Document not found",
                        "tenantsown",
                        false),
                new Case(
                        "the default tenant's document from a tenant",
                        () -> as(admin).header("tenant", tenant),
                        doc + adas,
                        404,
                        "Document not found",
                        "ada",
                        false),
                new Case("no role", outsider::request, doc + adas, 403, "message", "ada", false),
                new Case("no credential", () -> given(), doc + adas, 401, "access token", "ada", false),
                new Case("garbage token", () -> as("not.a.token"), doc + adas, 401, "access token", "ada", false),
                new Case("another account's token", () -> as(otherAccountsAdmin), doc + adas, 401, "", "ada", false),
                new Case("missing", () -> as(admin), doc + MISSING, 404, "Document not found", "ada", false),
                new Case("a query", () -> as(admin), doc + adas + "?x=1", 200, "\"ada\"", "message", false),
                new Case(
                        "weighted Accept",
                        () -> as(admin).accept("application/json;q=0.9"),
                        doc + adas,
                        200,
                        "\"ada\"",
                        "message",
                        false),
                new Case(
                        "unknown tenant",
                        () -> as(admin).header("tenant", "nosuchtenant"),
                        doc + adas,
                        400,
                        "Unknown tenant",
                        "ada",
                        false),
                new Case(
                        "repeated Authorization",
                        () -> as(admin).header("Authorization", "Bearer " + admin),
                        doc + adas,
                        400,
                        "Authorization",
                        "ada",
                        false),
                new Case(
                        "invalid mesh name",
                        () -> as(admin),
                        "/meshes/no-tes/" + adas,
                        400,
                        "Mesh name is invalid",
                        "ada",
                        false));
        for (Case c : cases) {
            double before = served();
            Response response = c.request().get().get(api.at(c.path()));
            response.then()
                    .statusCode(c.status())
                    .body(containsString(c.bodyHas()))
                    .body(not(containsString(c.bodyLacks())));
            assertEquals(c.servedBesideRestEasy() ? 1.0 : 0.0, served() - before, c.name());
        }
    }

    @Test
    void answersAsRestEasyDoes() {
        Response direct = as(admin).get(api.at("/meshes/" + notes + "/" + adas));
        Response throughRestEasy =
                as(admin).accept("application/json;q=1").get(api.at("/meshes/" + notes + "/" + adas));
        assertEquals(throughRestEasy.asString(), direct.asString());
        for (String header : List.of("Content-Type", "ETag")) {
            assertEquals(throughRestEasy.header(header), direct.header(header), header);
        }
        assertEquals("\"1\"", direct.header("ETag"));
    }

    /** CORS is decided before any route: a browser app's read on the short path carries its headers. */
    @Test
    void aCrossOriginReadCarriesTheCorsHeaders() {
        String origin = Api.originOf(api.account());
        double before = served();
        as(admin)
                .header("Origin", origin)
                .get(api.at("/meshes/" + notes + "/" + adas))
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", origin)
                .header("Vary", containsString("Origin"));
        assertEquals(1.0, served() - before);
        as(admin)
                .header("Origin", "https://evil.example")
                .get(api.at("/meshes/" + notes + "/" + adas))
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** A refusal is handed on, and RESTEasy's filter audits it: once per request, not once per path. */
    @Test
    void aRefusedReadIsAuditedOnce() {
        for (int i = 0; i < 3; i++) {
            outsider.request()
                    .get(api.at("/meshes/" + notes + "/" + adas))
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

    /** Roles are resolved on every request on this path too: a removed membership refuses the next read. */
    @Test
    void aRevokedRoleRefusesTheNextRead() {
        ada.request().get(api.at("/meshes/" + notes + "/" + adas)).then().statusCode(200);
        api.removeMember(admin, role, ada.id());
        ada.request().get(api.at("/meshes/" + notes + "/" + adas)).then().statusCode(403);
    }

    private static double served() {
        return Metrics.value("warden_document_reads_direct_total");
    }
}
