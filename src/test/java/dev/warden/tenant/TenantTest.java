package dev.warden.tenant;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.audit.DenialRecorder;
import dev.warden.realtime.SseClient;
import dev.warden.support.Api;
import dev.warden.support.EndpointCatalog;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §13: the tenant header partitions users and documents. Every read path is tried from each
 * tenant (its own, another, none) with a read-back that proves nothing crossed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantTest {

    /** The default tenant: no header. */
    static final String NONE = null;

    Api api;
    String admin;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    @BeforeEach
    void signIn() {
        admin = api.admin();
    }

    static RequestSpecification in(String tenant, RequestSpecification request) {
        return tenant == null ? request : request.header("tenant", tenant);
    }

    RequestSpecification in(String tenant, String token) {
        return in(tenant, Api.as(token));
    }

    RequestSpecification anonymous(String tenant) {
        return in(tenant, given().contentType(ContentType.JSON));
    }

    String newTenant() {
        String name = Api.uniqueLetters("t");
        as(admin)
                .body(Map.of("name", name))
                .post(api.at("/tenants"))
                .then()
                .statusCode(201)
                .body("name", equalTo(name));
        return name;
    }

    Response login(String tenant, String username, String password) {
        return in(tenant, given().contentType(ContentType.URLENC))
                .formParam("client_id", api.clientId())
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", password)
                .formParam("scope", "meshy.api offline_access")
                .post(api.at("/connect/token"));
    }

    void register(String tenant, String username, String password) {
        anonymous(tenant)
                .body(Map.of("username", username, "newPassword", password))
                .post(api.at("/users/register"))
                .then()
                .statusCode(204);
    }

    /** A user registered in {@code tenant}: its id and token. */
    Api.Session user(String tenant) {
        String username = Api.unique("member");
        register(tenant, username, Api.PASSWORD);
        String token = login(tenant, username, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String id = in(tenant, token)
                .get(api.at("/users/me"))
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        return new Api.Session(id, username, token);
    }

    String create(String tenant, String mesh, Map<String, Object> document) {
        return in(tenant, admin)
                .body(document)
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    /** Adds ({@code POST}) or removes ({@code DELETE}) one user of a role as the admin acting in {@code tenant}. */
    Response membership(String tenant, String method, String role, String userId) {
        return in(tenant, admin)
                .body(Map.of("users", List.of(Map.of("id", userId))))
                .request(method, api.at("/roles/" + role + "/users"));
    }

    @Test
    void tenantsAreCreatedListedAndRefusedWhenUnknownOrMalformed() {
        String name = newTenant();
        as(admin).get(api.at("/tenants?pageSize=200")).then().statusCode(200).body("results.name", hasItem(name));
        as(admin)
                .body(Map.of("name", name))
                .post(api.at("/tenants"))
                .then()
                .statusCode(400)
                .body("message", containsString("already exists"));
        for (Object bad : new Object[] {"no-dashes", "", "x".repeat(65), 5}) {
            as(admin).body(Map.of("name", bad)).post(api.at("/tenants")).then().statusCode(400);
        }
        for (String header : List.of("nosuchtenant", "bad name", "a/b")) {
            anonymous(header)
                    .get(api.at("/users/anyone/exists"))
                    .then()
                    .statusCode(400)
                    .body("message", equalTo("Unknown tenant"));
            in(header, admin)
                    .get(api.at("/users/me"))
                    .then()
                    .statusCode(400)
                    .body("message", equalTo("Unknown tenant"));
        }
        // Only holders of the tenants permission (admins) manage tenants.
        Api.Session user = user(NONE);
        as(user.token())
                .body(Map.of("name", Api.uniqueLetters("t")))
                .post(api.at("/tenants"))
                .then()
                .statusCode(403);
        as(user.token()).get(api.at("/tenants")).then().statusCode(403);
        as(user.token()).delete(api.at("/tenants/" + name)).then().statusCode(403);
        as(admin).get(api.at("/tenants?pageSize=200")).then().body("results.name", hasItem(name));
        // Not from inside a tenant, not even by its own admins or a default-tenant admin naming it.
        String tenantAdminName = Api.unique("tadmin");
        in(name, admin)
                .body(Api.activeUserWithRole(tenantAdminName, "meshy.admin"))
                .post(api.at("/users"))
                .then()
                .statusCode(201);
        String tenantAdmin = login(name, tenantAdminName, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String other = newTenant();
        for (String token : List.of(tenantAdmin, admin)) {
            in(name, token)
                    .delete(api.at("/tenants/" + other))
                    .then()
                    .statusCode(403)
                    .body("message", containsString("default tenant"));
            in(name, token)
                    .body(Map.of("name", Api.uniqueLetters("t")))
                    .post(api.at("/tenants"))
                    .then()
                    .statusCode(403);
            in(name, token).get(api.at("/tenants")).then().statusCode(403);
        }
        as(admin).get(api.at("/tenants?pageSize=200")).then().body("results.name", hasItem(other));
        // /access/explain agrees: the tenant's admin may not delete tenants, the account's may.
        String tenantAdminId =
                in(name, tenantAdmin).get(api.at("/users/me")).then().extract().path("id");
        in(name, admin)
                .queryParam("userId", tenantAdminId)
                .queryParam("action", "delete")
                .queryParam("permissible", "tenants")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(200)
                .body("allowed", equalTo(false))
                .body("reason", containsString("tenants are managed from the default tenant"));
        String adminId = as(admin).get(api.at("/users/me")).then().extract().path("id");
        as(admin)
                .queryParam("userId", adminId)
                .queryParam("action", "delete")
                .queryParam("permissible", "tenants")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(200)
                .body("allowed", equalTo(true))
                .body("reason", containsString("default tenant"));
    }

    @Test
    void theSameUsernameInTwoTenantsIsTwoUsers() {
        String a = newTenant();
        String b = newTenant();
        String username = Api.unique("sam");
        register(a, username, "password-of-a-1");
        register(b, username, "password-of-b-1");

        Map<String, Boolean> exists = new LinkedHashMap<>();
        for (String tenant : new String[] {a, b, NONE}) {
            exists.put(
                    String.valueOf(tenant),
                    anonymous(tenant)
                            .get(api.at("/users/" + username + "/exists"))
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("exists"));
        }
        assertEquals(Map.of(a, true, b, true, "null", false), exists);

        login(a, username, "password-of-a-1").then().statusCode(200);
        login(b, username, "password-of-a-1").then().statusCode(400).body("error", equalTo("invalid_grant"));
        login(NONE, username, "password-of-a-1").then().statusCode(400).body("error", equalTo("invalid_grant"));
        String tokenA = login(a, username, "password-of-a-1").then().extract().path("access_token");
        String tokenB = login(b, username, "password-of-b-1")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String idA = in(a, tokenA)
                .get(api.at("/users/me"))
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String idB = in(b, tokenB)
                .get(api.at("/users/me"))
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertNotEquals(idA, idB);
        assertTrue(payload(tokenA).contains("\"tenant\":\"" + a + "\""), payload(tokenA));
        assertTrue(!payload(admin).contains("\"tenant\""), "the default tenant's tokens carry no tenant claim");
    }

    /**
     * A token is bound to its tenant: under another tenant's header, or none, it is 401 on every
     * endpoint, whatever the endpoint; only the default tenant's admins cross.
     */
    @Test
    void tokensAreBoundToTheirTenant() {
        String a = newTenant();
        String b = newTenant();
        String mesh = Api.uniqueLetters("notes");
        String role = api.createRole(admin, Api.uniqueLetters("writers"));
        api.grant(
                admin,
                role,
                Map.of(
                        "permissibleName",
                        "meshes." + mesh,
                        "create",
                        true,
                        "read",
                        true,
                        "update",
                        true,
                        "delete",
                        true));
        Api.Session member = user(a);
        // The membership is the user's, in the user's tenant: another tenant does not find the user.
        membership(NONE, "POST", role, member.id()).then().statusCode(404);
        membership(a, "POST", role, member.id()).then().statusCode(204);
        String document = create(a, mesh, Map.of("text", "hello"));
        Api.Session plainUser = user(NONE);

        record Call(String method, String path, Map<String, Object> body, int inOwnTenant) {}
        List<Call> calls = List.of(
                new Call("GET", "/users/me", null, 200),
                new Call("GET", "/users/me/permissions", null, 200),
                new Call("GET", "/meshes/" + mesh + "/" + document, null, 200),
                new Call("GET", "/meshes/" + mesh, null, 200),
                new Call("PUT", "/meshes/" + mesh + "/" + document, Map.of("text", "again"), 200),
                new Call(
                        "PATCH",
                        "/meshes/" + mesh,
                        Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("seen", true))),
                        200),
                new Call("POST", "/meshes/" + mesh, Map.of("text", "more"), 201),
                new Call("GET", "/meshes/" + mesh + "/" + document + "/history", null, 200),
                new Call("DELETE", "/meshes/" + mesh + "?filter={\"text\":\"more\"}", null, 200));
        List<String> failures = new ArrayList<>();
        for (Call call : calls) {
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put(a, call.inOwnTenant());
            expected.put(b, 401);
            expected.put("(none)", 401);
            for (var entry : expected.entrySet()) {
                String header = entry.getKey().equals("(none)") ? NONE : entry.getKey();
                RequestSpecification request = in(header, member.token());
                if (call.body() != null) request.body(call.body());
                String[] pathAndFilter = call.path().split("\\?filter=");
                if (pathAndFilter.length == 2) request.queryParam("filter", pathAndFilter[1]);
                int status =
                        request.request(call.method(), api.at(pathAndFilter[0])).statusCode();
                if (status != entry.getValue()) {
                    failures.add(call.method() + " " + call.path() + " under " + entry.getKey() + ": " + status
                            + ", expected " + entry.getValue());
                }
            }
        }
        assertEquals(List.of(), failures);
        // What the member wrote under other headers never happened: the document reads as the member left it.
        in(a, admin)
                .get(api.at("/meshes/" + mesh + "/" + document))
                .then()
                .statusCode(200)
                .body("text", equalTo("again"));
        in(a, admin).get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(1));
        // A default-tenant user who is not an admin cannot cross either.
        in(a, plainUser.token()).get(api.at("/users/me")).then().statusCode(401);
    }

    /**
     * Generated from every endpoint Warden declares: a token of tenant a, under tenant b's header or
     * none, is 401 on each one that takes a token (whatever the method, before anything runs); under
     * its own header it is never 401. Public endpoints take no token and are tried in the matrices above.
     */
    @Test
    void everySignedInEndpointRefusesATokenOfAnotherTenant() {
        String a = newTenant();
        String b = newTenant();
        Api.Session member = user(a);
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.requirement().equals("public") || endpoint.path().endsWith("/changes")) {
                continue; // the event stream is TenantTest's subscription case and RealtimeSocketTest's
            }
            String path = api.at(endpoint.path()
                    .replace("/{account}", "")
                    .replace("{mesh}", "matrix")
                    .replace("{name}", "matrix")
                    .replace("{username}", "matrix")
                    .replace("{version}", "1")
                    .replaceAll("\\{[A-Za-z]*[iI]d}", "000000000000000000000000"));
            for (String header : new String[] {b, NONE, a}) {
                int status = in(header, member.token())
                        .body("{}")
                        .request(endpoint.method(), path)
                        .statusCode();
                tried++;
                boolean refused = status == 401;
                if (refused != (header != a)) {
                    failures.add(endpoint.key() + " under " + header + ": " + status);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(tried > 150, "endpoints tried: " + tried / 3);
    }

    /**
     * Every document read and write path, from every tenant, over one document per tenant with the
     * same content: each tenant sees, counts, patches, projects and deletes only its own.
     */
    @Test
    void documentsAreInvisibleOutsideTheirTenant() {
        String a = newTenant();
        String b = newTenant();
        String mesh = Api.uniqueLetters("items");
        String[] tenants = {a, b, NONE};
        Map<String, String> ids = new HashMap<>();
        for (String tenant : tenants) {
            ids.put(String.valueOf(tenant), create(tenant, mesh, Map.of("k", "same", "owner", String.valueOf(tenant))));
        }
        String projection = Api.uniqueLetters("joined");
        as(admin)
                .body(Map.of(
                        "name", projection,
                        "mesh", mesh,
                        "pipeline",
                                List.of(Map.of(
                                        "$lookup",
                                        Map.of("from", mesh, "localField", "k", "foreignField", "k", "as", "peers")))))
                .post(api.at("/projections"))
                .then()
                .statusCode(201);

        List<String> failures = new ArrayList<>();
        for (String tenant : tenants) {
            String own = ids.get(String.valueOf(tenant));
            for (String other : tenants) {
                String id = ids.get(String.valueOf(other));
                int expected = tenant == other ? 200 : 404;
                check(
                        failures,
                        tenant,
                        "GET document of " + other,
                        in(tenant, admin)
                                .get(api.at("/meshes/" + mesh + "/" + id))
                                .statusCode(),
                        expected);
                check(
                        failures,
                        tenant,
                        "history of " + other,
                        in(tenant, admin)
                                .get(api.at("/meshes/" + mesh + "/" + id + "/history"))
                                .statusCode(),
                        expected);
                if (tenant != other) {
                    check(
                            failures,
                            tenant,
                            "PUT document of " + other,
                            in(tenant, admin)
                                    .body(Map.of("k", "stolen"))
                                    .put(api.at("/meshes/" + mesh + "/" + id))
                                    .statusCode(),
                            404);
                    check(
                            failures,
                            tenant,
                            "DELETE document of " + other,
                            in(tenant, admin)
                                    .delete(api.at("/meshes/" + mesh + "/" + id))
                                    .statusCode(),
                            404);
                }
            }
            Response search =
                    in(tenant, admin).queryParam("filter", "{\"k\":\"same\"}").get(api.at("/meshes/" + mesh));
            check(failures, tenant, "search ids", search.path("results._id"), List.of(own));
            check(failures, tenant, "search totalRecords", search.path("totalRecords"), 1);
            Response patched = in(tenant, admin)
                    .body(Map.of(
                            "filter",
                            Map.of("k", "same"),
                            "update",
                            Map.of("$set", Map.of("patchedIn", String.valueOf(tenant)))))
                    .patch(api.at("/meshes/" + mesh));
            check(failures, tenant, "PATCH status", patched.statusCode(), 200);
            Response projected = in(tenant, admin).get(api.at("/projections/" + projection));
            check(failures, tenant, "projection ids", projected.path("results._id"), List.of(own));
            check(failures, tenant, "projection $lookup", projected.path("results[0].peers._id"), List.of(own));
            check(failures, tenant, "projection totalRecords", projected.path("totalRecords"), 1);
        }
        // Read back: each document as its own tenant left it.
        for (String tenant : tenants) {
            Response document =
                    in(tenant, admin).get(api.at("/meshes/" + mesh + "/" + ids.get(String.valueOf(tenant))));
            check(failures, tenant, "read back k", document.path("k"), "same");
            check(failures, tenant, "read back patchedIn", document.path("patchedIn"), String.valueOf(tenant));
        }
        // DELETE-many in one tenant deletes that tenant's only.
        in(b, admin)
                .queryParam("filter", "{\"k\":\"same\"}")
                .delete(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200);
        check(
                failures,
                b,
                "after delete-many",
                in(b, admin).get(api.at("/meshes/" + mesh)).path("totalRecords"),
                0);
        check(
                failures,
                a,
                "after b's delete-many",
                in(a, admin).get(api.at("/meshes/" + mesh)).path("totalRecords"),
                1);
        check(
                failures,
                NONE,
                "after b's delete-many",
                in(NONE, admin).get(api.at("/meshes/" + mesh)).path("totalRecords"),
                1);
        assertEquals(List.of(), failures);
    }

    private static void check(List<String> failures, String tenant, String what, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            failures.add("in " + tenant + ", " + what + ": " + actual + ", expected " + expected);
        }
    }

    @Test
    void usersAreListedFoundAndManagedInTheirTenantOnly() {
        String a = newTenant();
        Api.Session inA = user(a);
        Api.Session inDefault = user(NONE);
        in(a, admin)
                .queryParam("name", inA.username())
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("results.id", equalTo(List.of(inA.id())));
        as(admin)
                .queryParam("name", inA.username())
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(0));
        in(a, admin)
                .queryParam("name", inDefault.username())
                .get(api.at("/users"))
                .then()
                .body("totalRecords", equalTo(0));
        as(admin).get(api.at("/users/" + inA.id())).then().statusCode(404);
        in(a, admin).get(api.at("/users/" + inA.id())).then().statusCode(200).body("username", equalTo(inA.username()));
        as(admin)
                .body(Map.of("username", "renamed", "isActive", false))
                .put(api.at("/users/" + inA.id()))
                .then()
                .statusCode(404);
        as(admin).delete(api.at("/users/" + inA.id())).then().statusCode(404);
        // /access/explain names a user's roles: it finds the request's tenant's users only.
        for (String tenant : new String[] {NONE, a}) {
            Api.Session other = tenant == NONE ? inA : inDefault;
            Api.Session own = tenant == NONE ? inDefault : inA;
            String why = in(tenant, admin)
                    .queryParam("userId", other.id())
                    .queryParam("action", "read")
                    .queryParam("permissible", "meshes")
                    .get(api.at("/access/explain"))
                    .then()
                    .statusCode(404)
                    .extract()
                    .asString();
            assertTrue(!why.contains(other.username()), why);
            in(tenant, admin)
                    .queryParam("userId", own.id())
                    .queryParam("action", "read")
                    .queryParam("permissible", "meshes")
                    .get(api.at("/access/explain"))
                    .then()
                    .statusCode(200)
                    .body("principal.name", equalTo(own.username()));
        }
        in(a, inA.token()).get(api.at("/users/me")).then().statusCode(200).body("username", equalTo(inA.username()));
        // A user an admin creates while acting in a tenant is that tenant's.
        String created = Api.unique("made");
        in(a, admin)
                .body(Map.of("username", created, "newPassword", Api.PASSWORD, "isActive", true, "verified", true))
                .post(api.at("/users"))
                .then()
                .statusCode(201);
        login(a, created, Api.PASSWORD).then().statusCode(200);
        login(NONE, created, Api.PASSWORD).then().statusCode(400);
    }

    /** A new tenant, a new role, and a user of each tenant added to it by the admin acting there. */
    record Members(String tenant, String role, Api.Session inTenant, Api.Session inDefault) {}

    Members membersInTwoTenants(String label) {
        String a = newTenant();
        String role = api.createRole(admin, Api.uniqueLetters(label));
        Api.Session inA = user(a);
        Api.Session inDefault = user(NONE);
        membership(a, "POST", role, inA.id()).then().statusCode(204);
        membership(NONE, "POST", role, inDefault.id()).then().statusCode(204);
        return new Members(a, role, inA, inDefault);
    }

    @Test
    void aRolesMemberCountIsTheTenantsMembers() {
        Members members = membersInTwoTenants("counted");
        String a = members.tenant();
        String role = members.role();
        Api.Session second = user(a);
        membership(a, "POST", role, second.id()).then().statusCode(204);
        // Memberships belong to one tenant: each tenant counts its own, in a role and in a list.
        in(a, admin).get(api.at("/roles/" + role)).then().statusCode(200).body("numberOfUsers", equalTo(2));
        as(admin).get(api.at("/roles/" + role)).then().statusCode(200).body("numberOfUsers", equalTo(1));
        in(a, admin)
                .queryParam("name", "meshy.user")
                .get(api.at("/roles"))
                .then()
                .statusCode(200)
                .body("results.find { it.name == 'meshy.user' }.numberOfUsers", equalTo(2));
        membership(a, "DELETE", role, second.id()).then().statusCode(204);
        in(a, admin).get(api.at("/roles/" + role)).then().body("numberOfUsers", equalTo(1));
        as(admin).get(api.at("/roles/" + role)).then().body("numberOfUsers", equalTo(1));
    }

    /**
     * Audit entries name users, who belong to one tenant: each is the tenant's its request acted
     * in, and the log shows the tenant the request acts in (changes, failed sign-ins, refusals).
     */
    @Test
    void theAuditLogIsTheTenantsOwn() {
        Members members = membersInTwoTenants("audited");
        String a = members.tenant();
        Api.Session inA = members.inTenant();
        Api.Session inDefault = members.inDefault();
        login(a, inA.username(), "not-the-password").then().statusCode(400);
        login(NONE, inDefault.username(), "not-the-password").then().statusCode(400);
        in(a, inA.token()).get(api.at("/roles")).then().statusCode(403);
        in(NONE, inDefault.token()).get(api.at("/roles")).then().statusCode(403);
        Arc.container().instance(DenialRecorder.class).get().flush().await().atMost(Duration.ofSeconds(10));

        record Seen(String tenant, String action, String mustName, String mustNotName) {}
        List<Seen> cases = List.of(
                new Seen(a, "membership.add", inA.id(), inDefault.id()),
                new Seen(NONE, "membership.add", inDefault.id(), inA.id()),
                new Seen(a, "login.failure", inA.username(), inDefault.username()),
                new Seen(NONE, "login.failure", inDefault.username(), inA.username()),
                new Seen(a, "access.denied", inA.id(), inDefault.id()),
                new Seen(NONE, "access.denied", inDefault.id(), inA.id()));
        List<String> failures = new ArrayList<>();
        for (Seen seen : cases) {
            String body = in(seen.tenant(), admin)
                    .queryParam("action", seen.action())
                    .queryParam("pageSize", 100)
                    .get(api.at("/audit"))
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            String where = (seen.tenant() == null ? "default tenant" : "tenant") + " " + seen.action();
            if (!body.contains(seen.mustName())) failures.add(where + " lacks its own entry: " + body);
            if (body.contains(seen.mustNotName())) failures.add(where + " shows the other tenant's: " + body);
        }
        assertEquals(List.of(), failures);

        // A tenant's own auditor (read on audit through a role) reads its tenant's log and no other.
        api.grant(admin, members.role(), Map.of("permissibleName", "audit", "read", true));
        String log = in(a, inA.token())
                .queryParam("pageSize", 100)
                .get(api.at("/audit"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(log.contains(inA.username()), log);
        assertTrue(!log.contains(inDefault.username()) && !log.contains(inDefault.id()), log);
        in(NONE, inA.token()).get(api.at("/audit")).then().statusCode(401);
        in(newTenant(), inA.token()).get(api.at("/audit")).then().statusCode(401);
    }

    @Test
    void aRefreshTokenWorksInItsTenantOnly() {
        String a = newTenant();
        String b = newTenant();
        String username = Api.unique("refresher");
        register(a, username, Api.PASSWORD);
        String refresh = login(a, username, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        Response elsewhere = in(b, given().contentType(ContentType.URLENC))
                .formParam("client_id", api.clientId())
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh)
                .post(api.at("/connect/token"));
        assertEquals(400, elsewhere.statusCode());
        assertEquals("invalid_grant", elsewhere.path("error"));
        String fresh = login(a, username, Api.PASSWORD).then().extract().path("refresh_token");
        String token = in(a, given().contentType(ContentType.URLENC))
                .formParam("client_id", api.clientId())
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", fresh)
                .post(api.at("/connect/token"))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertTrue(payload(token).contains("\"tenant\":\"" + a + "\""));
    }

    @Test
    void apiKeysActInTheNamedTenantAndTheirTokensStayInTheirs() {
        String a = newTenant();
        String b = newTenant();
        String mesh = Api.uniqueLetters("keyed");
        String key = as(admin)
                .body(Map.of(
                        "name",
                        Api.unique("key"),
                        "permissions",
                        List.of(Map.of("permissibleName", "meshes." + mesh, "create", true, "read", true))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        String inA = in(a, given().contentType(ContentType.JSON).header("X-Api-Key", key))
                .body(Map.of("x", 1))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        in(b, given().header("X-Api-Key", key))
                .get(api.at("/meshes/" + mesh + "/" + inA))
                .then()
                .statusCode(404);
        in(a, given().header("X-Api-Key", key))
                .get(api.at("/meshes/" + mesh + "/" + inA))
                .then()
                .statusCode(200);
        String minted = in(a, given().contentType(ContentType.JSON).header("X-Api-Key", key))
                .body(Map.of(
                        "subject",
                        "app-user-1",
                        "capabilities",
                        List.of(Map.of("permissibleName", "meshes." + mesh, "read", true))))
                .post(api.at("/apikeys/tokens"))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        in(a, minted).get(api.at("/meshes/" + mesh + "/" + inA)).then().statusCode(200);
        in(b, minted).get(api.at("/meshes/" + mesh + "/" + inA)).then().statusCode(401);
        in(NONE, minted).get(api.at("/meshes/" + mesh)).then().statusCode(401);
    }

    /**
     * Attack: a tenant's own admin mints an API key (account-wide, it acts in whichever tenant a
     * request names) and reads the default tenant's documents with it; or defines a hook, which
     * would be asked about — and shown the documents of — every tenant's requests. Definitions
     * that apply in every tenant are changed by the account's own admins only.
     */
    @Test
    void aTenantsAdminCannotChangeWhatAppliesInEveryTenant() {
        String a = newTenant();
        String bossName = Api.unique("tadmin");
        in(a, admin)
                .body(Api.activeUserWithRole(bossName, "meshy.admin"))
                .post(api.at("/users"))
                .then()
                .statusCode(201);
        String bossToken = login(a, bossName, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String mesh = Api.uniqueLetters("secrets");
        String secret = create(NONE, mesh, Map.of("pin", 1234));

        record Change(String method, String path, Object body) {}
        String roleName = Api.uniqueLetters("shared");
        String role = api.createRole(admin, roleName);
        String keyName = Api.unique("key");
        String hookName = Api.unique("hook");
        String view = Api.uniqueLetters("view");
        List<Change> changes = List.of(
                new Change(
                        "POST",
                        "/apikeys",
                        Map.of(
                                "name",
                                keyName,
                                "permissions",
                                List.of(Map.of("permissibleName", "meshes", "read", true)))),
                new Change(
                        "POST",
                        "/hooks",
                        Map.of(
                                "name",
                                hookName,
                                "url",
                                "http://127.0.0.1:9/decide",
                                "permissibleName",
                                "meshes",
                                "actions",
                                List.of("read"))),
                new Change("POST", "/roles", Map.of("name", Api.uniqueLetters("tenantmade"), "description", "x")),
                new Change("PUT", "/roles/" + role, Map.of("name", Api.uniqueLetters("renamed"), "description", "x")),
                new Change(
                        "POST", "/roles/" + role + "/permissions", Map.of("permissibleName", "meshes", "read", true)),
                new Change("DELETE", "/roles/" + role, null),
                new Change(
                        "POST",
                        "/projections",
                        Map.of(
                                "name", view,
                                "mesh", mesh,
                                "pipeline", List.of(Map.of("$match", Map.of())))),
                new Change("POST", "/meshes/" + mesh + "/indexes", Map.of("name", "byPin", "keys", Map.of("pin", 1))));
        List<String> failures = new ArrayList<>();
        for (Change change : changes) {
            RequestSpecification request = in(a, bossToken);
            if (change.body() != null) request = request.body(change.body());
            Response answer = request.request(change.method(), api.at(change.path()));
            if (answer.statusCode() != 403 || !answer.asString().contains("default tenant")) {
                failures.add(change.method() + " " + change.path() + " answered " + answer.statusCode() + " "
                        + answer.asString());
            }
        }
        assertEquals(List.of(), failures);
        // Nothing was made: no key, no hook, no role, the shared role unchanged and still there.
        as(admin)
                .queryParam("pageSize", 100)
                .get(api.at("/apikeys"))
                .then()
                .statusCode(200)
                .body("results.name", not(hasItem(keyName)));
        as(admin).get(api.at("/hooks")).then().statusCode(200).body("results.name", not(hasItem(hookName)));
        as(admin).get(api.at("/projections/" + view + "/definition")).then().statusCode(404);
        as(admin)
                .get(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .statusCode(200)
                .body("name", equalTo(List.of()));
        as(admin).get(api.at("/roles/" + role)).then().statusCode(200).body("name", equalTo(roleName));
        as(admin)
                .get(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(0));
        as(admin)
                .get(api.at("/meshes/" + mesh + "/" + secret))
                .then()
                .statusCode(200)
                .body("pin", equalTo(1234));

        // What it may do, the list an app hides buttons by, leaves out what it was just refused.
        in(a, bossToken)
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("permissions.permissibleName", not(hasItem("tenants")))
                .body("permissions.find { it.permissibleName == 'roles' }.create", equalTo(false))
                .body("permissions.find { it.permissibleName == 'roles' }.update", equalTo(true))
                .body("permissions.find { it.permissibleName == 'roles' }.delete", equalTo(false))
                .body("permissions.find { it.permissibleName == 'users' }.delete", equalTo(true))
                .body("permissions.find { it.permissibleName == 'meshes' }.delete", equalTo(true))
                .body("permissions.find { it.permissibleName == 'apiKeys' }.read", equalTo(true))
                .body("permissions.find { it.permissibleName == 'apiKeys' }.create", equalTo(false))
                .body("permissions.find { it.permissibleName == 'hooks' }.update", equalTo(false))
                .body("permissions.find { it.permissibleName == 'indexes' }.create", equalTo(false))
                .body("permissions.find { it.permissibleName == 'projectionDefinitions' }.create", equalTo(false));
        // The account's own admin, in the same tenant, may do all of it but manage tenants, which
        // happens from the default tenant only: the list says so, as the refusal does.
        in(a, admin)
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("permissions.permissibleName", not(hasItem("tenants")))
                .body("permissions.find { it.permissibleName == 'roles' }.create", equalTo(true))
                .body("permissions.find { it.permissibleName == 'apiKeys' }.create", equalTo(true));
        in(a, admin).get(api.at("/tenants")).then().statusCode(403);
        as(admin)
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("permissions.find { it.permissibleName == 'tenants' }.create", equalTo(true));
        as(admin).get(api.at("/tenants")).then().statusCode(200);

        // The tenant's admin still manages its own tenant: its users and their memberships.
        Api.Session member = user(a);
        in(a, bossToken)
                .body(Map.of("users", List.of(Map.of("id", member.id()))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        in(a, bossToken).get(api.at("/roles/" + role)).then().statusCode(200).body("numberOfUsers", equalTo(1));
        // The account's admins change definitions from the default tenant, and while acting in one.
        in(a, admin)
                .body(Map.of("permissibleName", "meshes." + mesh, "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201);
        // That change applies in every tenant: it is in the account's own log, not the tenant's.
        for (String tenant : new String[] {NONE, a}) {
            in(tenant, admin)
                    .queryParam("action", "permission.create")
                    .queryParam("target", role)
                    .get(api.at("/audit"))
                    .then()
                    .statusCode(200)
                    .body("totalRecords", equalTo(tenant == NONE ? 1 : 0));
        }
    }

    /**
     * The last-admin rule counts the account's own admins, the default tenant's: an admin of a
     * tenant manages neither tenants nor account-wide definitions, so the last default-tenant
     * admin may not go because a tenant has one (the account would be locked out for good).
     */
    @Test
    void theLastAdminOfTheAccountIsKeptWhateverATenantHolds() {
        Api solo = Api.freshAccount(Verification.NONE);
        String soloAdmin = solo.admin();
        String soloAdminId =
                as(soloAdmin).get(solo.at("/users/me")).then().extract().path("id");
        String tenant = Api.uniqueLetters("t");
        as(soloAdmin)
                .body(Map.of("name", tenant))
                .post(solo.at("/tenants"))
                .then()
                .statusCode(201);
        String bossName = Api.unique("tadmin");
        String bossId = in(tenant, soloAdmin)
                .body(Api.activeUserWithRole(bossName, "meshy.admin"))
                .post(solo.at("/users"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String adminRole = as(soloAdmin)
                .queryParam("name", "meshy.admin")
                .get(solo.at("/roles"))
                .then()
                .extract()
                .path("results.find { it.name == 'meshy.admin' }.id");

        as(soloAdmin)
                .body(Map.of("users", List.of(Map.of("id", soloAdminId))))
                .delete(solo.at("/roles/" + adminRole + "/users"))
                .then()
                .statusCode(400)
                .body("message", equalTo("At least one active admin must remain"));
        as(soloAdmin)
                .body(Map.of("isActive", false))
                .put(solo.at("/users/" + soloAdminId))
                .then()
                .statusCode(400)
                .body("message", equalTo("At least one active admin must remain"));
        as(soloAdmin).get(solo.at("/roles/" + adminRole)).then().body("numberOfUsers", equalTo(1));
        as(soloAdmin).get(solo.at("/users/me")).then().body("isActive", equalTo(true));
        // The tenant's own last admin may go: the account's admins still manage the tenant.
        in(tenant, soloAdmin).delete(solo.at("/users/" + bossId)).then().statusCode(204);
        in(tenant, soloAdmin).get(solo.at("/users/" + bossId)).then().statusCode(404);
    }

    @Test
    void aSubscriptionSeesItsTenantsChangesOnly() throws Exception {
        String a = newTenant();
        String b = newTenant();
        String mesh = Api.uniqueLetters("live");
        String inA;
        try (SseClient client = new SseClient(
                "http://localhost:" + RestAssured.port + api.at("/meshes/" + mesh + "/changes"),
                Map.of("Authorization", "Bearer " + admin, "tenant", b))) {
            assertEquals(200, client.status);
            assertEquals("subscribed", client.expect().name());
            inA = create(a, mesh, Map.of("n", "a"));
            create(NONE, mesh, Map.of("n", "default"));
            String inB = create(b, mesh, Map.of("n", "b"));
            SseClient.Event first = client.expect();
            assertEquals("change", first.name());
            assertTrue(first.data().contains(inB), first.data());
        }
        // Replayed from the start of the log: only a's one change.
        try (SseClient replay = new SseClient(
                "http://localhost:" + RestAssured.port + api.at("/meshes/" + mesh + "/changes?since=0"),
                Map.of("Authorization", "Bearer " + admin, "tenant", a))) {
            List<String> changes = new ArrayList<>();
            for (SseClient.Event event = replay.expect();
                    event != null;
                    event = replay.next(java.time.Duration.ofSeconds(1))) {
                if (event.name().equals("change")) changes.add(event.data());
            }
            assertEquals(1, changes.size(), changes.toString());
            assertTrue(changes.get(0).contains(inA), changes.get(0));
        }
    }

    @Test
    void deletingATenantDeletesItsUsersAndDocuments() {
        String a = newTenant();
        String mesh = Api.uniqueLetters("gone");
        Api.Session user = user(a);
        login(a, user.username(), "not-the-password").then().statusCode(400); // audited in the tenant
        in(a, admin).get(api.at("/audit")).then().statusCode(200).body("totalRecords", greaterThan(0));
        assertEquals(1L, signInFailuresIn(a));
        String document = create(a, mesh, Map.of("x", 1));
        String kept = create(NONE, mesh, Map.of("x", 1));
        as(admin).delete(api.at("/tenants/" + a)).then().statusCode(204);
        as(admin).delete(api.at("/tenants/" + a)).then().statusCode(404);
        as(admin).get(api.at("/tenants?pageSize=200")).then().body("results.name", not(hasItem(a)));
        in(a, user.token()).get(api.at("/users/me")).then().statusCode(400).body("message", equalTo("Unknown tenant"));
        // Created again, it is empty: the user and the document went with it.
        as(admin).body(Map.of("name", a)).post(api.at("/tenants")).then().statusCode(201);
        in(a, admin).get(api.at("/audit")).then().statusCode(200).body("totalRecords", equalTo(0));
        assertEquals(0L, signInFailuresIn(a), "the tenant's sign-in failure counts went with it");
        login(a, user.username(), Api.PASSWORD).then().statusCode(400);
        in(a, admin).get(api.at("/meshes/" + mesh + "/" + document)).then().statusCode(404);
        in(a, admin).get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(0));
        as(admin).get(api.at("/meshes/" + mesh + "/" + kept)).then().statusCode(200);
        as(admin)
                .queryParam("action", "tenant.delete")
                .get(api.at("/audit"))
                .then()
                .statusCode(200)
                .body("results.target.name", hasItem(a));
    }

    private long signInFailuresIn(String tenant) {
        return Arc.container()
                .instance(io.vertx.mutiny.sqlclient.Pool.class)
                .get()
                .preparedQuery("select count(*) from login_failures where account = $1 and key like $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(api.account(), "user@" + tenant + ":%"))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    static String payload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
