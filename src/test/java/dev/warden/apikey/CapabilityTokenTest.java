package dev.warden.apikey;

import static dev.warden.support.Api.as;
import static dev.warden.support.Keys.permission;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import dev.warden.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §10.2: a capability token may do what its capabilities, its key's current permissions and
 * (for a {@code user:} subject) its user's current roles all allow — proved as a table over HTTP —
 * and what it creates belongs to its subject.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapabilityTokenTest {

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

    /** Who the token speaks for: a subject of the app's own, a user with some role, or the admin. */
    enum Subject {
        APP_USER,
        USER_WITH_ROLE,
        USER_WITHOUT_ROLE,
        ADMIN
    }

    record Case(
            String name,
            Map<String, Object> keyGrant,
            Map<String, Object> capability,
            Subject subject,
            String method,
            String mesh,
            int expected) {}

    static List<Case> cases() {
        var readMsgs = permission("meshes.msgs", "r");
        return List.of(
                new Case("exact everywhere", readMsgs, readMsgs, Subject.APP_USER, "GET", "msgs", 200),
                new Case("user whose role reads", readMsgs, readMsgs, Subject.USER_WITH_ROLE, "GET", "msgs", 200),
                new Case("user without the role", readMsgs, readMsgs, Subject.USER_WITHOUT_ROLE, "GET", "msgs", 403),
                new Case("admin user", readMsgs, readMsgs, Subject.ADMIN, "GET", "msgs", 200),
                new Case(
                        "broad key, narrow capability",
                        permission("meshes", "r"),
                        readMsgs,
                        Subject.APP_USER,
                        "GET",
                        "msgs",
                        200),
                new Case(
                        "broad key, other mesh",
                        permission("meshes", "r"),
                        readMsgs,
                        Subject.APP_USER,
                        "GET",
                        "other",
                        403),
                new Case(
                        "pattern key",
                        permission("meshes.msgs*", "r"),
                        permission("meshes.msgsx", "r"),
                        Subject.APP_USER,
                        "GET",
                        "msgsx",
                        200),
                new Case(
                        "capability without create",
                        permission("meshes.msgs", "cr"),
                        readMsgs,
                        Subject.APP_USER,
                        "POST",
                        "msgs",
                        403),
                new Case(
                        "capability with create",
                        permission("meshes.msgs", "cr"),
                        permission("meshes.msgs", "cr"),
                        Subject.APP_USER,
                        "POST",
                        "msgs",
                        201),
                new Case(
                        "user role reads only",
                        permission("meshes.msgs", "cr"),
                        permission("meshes.msgs", "cr"),
                        Subject.USER_WITH_ROLE,
                        "POST",
                        "msgs",
                        403));
    }

    @Test
    void aTokenMayDoWhatItsCapabilitiesItsKeyAndItsUserAllAllow() {
        String readers = api.createRole(admin, Api.uniqueLetters("readers"));
        api.grant(admin, readers, Map.of("permissibleName", "meshes.msgs", "read", true));
        Api.Session withRole = api.user();
        api.addMember(admin, readers, withRole.id());
        Api.Session withoutRole = api.user();
        String adminId = as(admin).get(api.at("/users/me")).then().extract().path("id");
        List<String> wrong = new ArrayList<>();
        for (Case c : cases()) {
            Keys.Key key = Keys.create(api, admin, List.of(c.keyGrant()));
            String subject =
                    switch (c.subject()) {
                        case APP_USER -> "app-user-1";
                        case USER_WITH_ROLE -> "user:" + withRole.id();
                        case USER_WITHOUT_ROLE -> "user:" + withoutRole.id();
                        case ADMIN -> "user:" + adminId;
                    };
            String token = Keys.mint(api, key, subject, List.of(c.capability()));
            var request = as(token);
            int status = c.method().equals("POST")
                    ? request.body(Map.of("x", 1))
                            .post(api.at("/meshes/" + c.mesh()))
                            .statusCode()
                    : request.get(api.at("/meshes/" + c.mesh())).statusCode();
            if (status != c.expected()) wrong.add(c.name() + ": " + status + " instead of " + c.expected());
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aCapabilityBeyondTheKeyIs400AtMinting() {
        record Beyond(Map<String, Object> keyGrant, Map<String, Object> capability) {}
        List<Beyond> beyond = List.of(
                new Beyond(permission("meshes.msgs", "r"), permission("meshes.other", "r")),
                new Beyond(permission("meshes.msgs", "r"), permission("meshes.msgs", "c")),
                new Beyond(permission("meshes.msgs", "r", "own"), permission("meshes.msgs", "r")),
                new Beyond(permission("meshes.msgs", "r"), permission("meshes.msgs*", "r")),
                new Beyond(permission("meshes.msgs", "r"), permission("meshes", "r")),
                new Beyond(permission("meshes.msgs", "r"), permission("roles", "r")));
        for (Beyond b : beyond) {
            Keys.Key key = Keys.create(api, admin, List.of(b.keyGrant()));
            key.request()
                    .body(Map.of("subject", "s", "capabilities", List.of(b.capability())))
                    .post(api.at("/apikeys/tokens"))
                    .then()
                    .statusCode(400)
                    .body("message", containsString("beyond the key"));
        }
        Keys.Key pattern = Keys.create(api, admin, List.of(permission("meshes.msg*", "r")));
        Keys.mint(api, pattern, "s", List.of(permission("meshes.msgs*", "r")));
    }

    @Test
    void badMintingRequestsAre400AndUsersCannotMint() {
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.msgs", "r")));
        List<Object> bodies = List.of(
                Map.of("capabilities", List.of()),
                Map.of("subject", "", "capabilities", List.of()),
                Map.of("subject", "x".repeat(129), "capabilities", List.of()),
                Map.of("subject", "s"),
                Map.of("subject", "s", "capabilities", List.of(), "expiresIn", 86401),
                Map.of("subject", "s", "capabilities", List.of(), "expiresIn", 0),
                Map.of("subject", "user:nobody", "capabilities", List.of()),
                Map.of("subject", "user:6b0000000000000000000000", "capabilities", List.of()));
        for (Object body : bodies) {
            key.request().body(body).post(api.at("/apikeys/tokens")).then().statusCode(400);
        }
        as(admin)
                .body(Map.of("subject", "s", "capabilities", List.of()))
                .post(api.at("/apikeys/tokens"))
                .then()
                .statusCode(403);
        given().contentType("application/json")
                .body(Map.of("subject", "s", "capabilities", List.of()))
                .post(api.at("/apikeys/tokens"))
                .then()
                .statusCode(401);
        String token = Keys.mint(api, key, "s", List.of(permission("meshes.msgs", "r")));
        as(token)
                .body(Map.of("subject", "s", "capabilities", List.of()))
                .post(api.at("/apikeys/tokens"))
                .then()
                .statusCode(403);
    }

    /** The Relaybox scenario, end to end: each subject of the app gets a private space. */
    @Test
    void eachSubjectSeesOnlyItsOwnMessages() {
        Keys.Key nothing = Keys.create(api, admin, List.of());
        as(admin)
                .body(Map.of("text", "admin's"))
                .post(api.at("/meshes/messages"))
                .then()
                .statusCode(201);
        nothing.request().get(api.at("/meshes/messages")).then().statusCode(403);
        nothing.request().get(api.at("/meshes/other")).then().statusCode(403);

        Keys.Key backend = Keys.create(api, admin, List.of(permission("meshes.messages", "cr", "own")));
        var own = List.of(permission("meshes.messages", "cr", "own"));
        String becky = Keys.mint(api, backend, "123", own);
        String bob = Keys.mint(api, backend, "456", own);
        assertTrue(Keys.payload(becky).contains("\"permission\":[\"meshes.messages:cr:own\"]"), Keys.payload(becky));
        assertTrue(Keys.payload(becky).contains("\"sub\":\"123\""), Keys.payload(becky));
        String beckys = as(becky)
                .body(Map.of("text", "from becky"))
                .post(api.at("/meshes/messages"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        String bobs = as(bob).body(Map.of("text", "from bob"))
                .post(api.at("/meshes/messages"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        as(admin)
                .get(api.at("/meshes/messages/" + beckys + "/owner"))
                .then()
                .body("ownerId", equalTo("123"))
                .body("ownerType", equalTo("subject"));
        as(becky)
                .get(api.at("/meshes/messages"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1))
                .body("results[0].text", equalTo("from becky"));
        as(bob).get(api.at("/meshes/messages"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].text", equalTo("from bob"));
        as(becky).get(api.at("/meshes/messages/" + bobs)).then().statusCode(404);
        as(bob).get(api.at("/meshes/messages/" + beckys)).then().statusCode(404);
        as(becky)
                .queryParam("filter", "{\"text\":\"from bob\"}")
                .get(api.at("/meshes/messages"))
                .then()
                .body("totalRecords", equalTo(0));
        as(becky).get(api.at("/meshes/other")).then().statusCode(403);
        // A subject string that looks like a user id reaches no user's documents.
        Api.Session ada = api.user();
        String grant = api.createRole(admin, Api.uniqueLetters("writers"));
        api.grant(admin, grant, Map.of("permissibleName", "meshes.messages", "create", true));
        api.addMember(admin, grant, ada.id());
        ada.request()
                .body(Map.of("text", "ada's"))
                .post(api.at("/meshes/messages"))
                .then()
                .statusCode(201);
        String impostor = Keys.mint(api, backend, ada.id(), own);
        as(impostor).get(api.at("/meshes/messages")).then().body("totalRecords", equalTo(0));
    }

    @Test
    void revokingOrNarrowingTheKeyNarrowsOrKillsItsTokensAtOnce() {
        as(admin).body(Map.of("text", "hi")).post(api.at("/meshes/msgs")).then().statusCode(201);
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.msgs", "r")));
        String token = Keys.mint(api, key, "s", List.of(permission("meshes.msgs", "r")));
        as(token).get(api.at("/meshes/msgs")).then().statusCode(200);
        as(admin)
                .body(Map.of("name", "narrowed", "permissions", List.of(permission("meshes.other", "r"))))
                .put(api.at("/apikeys/" + key.id()))
                .then()
                .statusCode(200);
        as(token).get(api.at("/meshes/msgs")).then().statusCode(403);
        as(admin)
                .body(Map.of("name", "again", "permissions", List.of(permission("meshes.msgs", "r"))))
                .put(api.at("/apikeys/" + key.id()))
                .then()
                .statusCode(200);
        as(token).get(api.at("/meshes/msgs")).then().statusCode(200);
        as(admin).delete(api.at("/apikeys/" + key.id())).then().statusCode(204);
        as(token).get(api.at("/meshes/msgs")).then().statusCode(401);
        key.request().get(api.at("/meshes/msgs")).then().statusCode(401);
    }

    @Test
    void aUserTokenEndsWithItsUser() {
        String readers = api.createRole(admin, Api.uniqueLetters("readers"));
        api.grant(admin, readers, Map.of("permissibleName", "meshes.msgs", "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, readers, ada.id());
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.msgs", "r")));
        String token = Keys.mint(api, key, "user:" + ada.id(), List.of(permission("meshes.msgs", "r")));
        as(token).get(api.at("/meshes/msgs")).then().statusCode(200);
        api.removeMember(admin, readers, ada.id());
        as(token).get(api.at("/meshes/msgs")).then().statusCode(403);
        as(admin).body(Map.of("isActive", false)).put(api.at("/users/" + ada.id()));
        as(token).get(api.at("/meshes/msgs")).then().statusCode(401);
    }

    @Test
    void tokensCarryTheirPermissionsAndHaveNoUsersMe() {
        String writers = api.createRole(admin, Api.uniqueLetters("writers"));
        api.grant(admin, writers, Map.of("permissibleName", "meshes.notes", "create", true, "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, writers, ada.id());
        String login = api.loginToken(ada.username(), Api.PASSWORD);
        assertTrue(Keys.payload(login).contains("\"meshes.notes:cr\""), Keys.payload(login));
        Keys.Key key = Keys.create(api, admin, List.of(permission("meshes.notes", "r")));
        String token = Keys.mint(api, key, "s", List.of(permission("meshes.notes", "r")));
        as(token).get(api.at("/users/me")).then().statusCode(400);
        as(token)
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("permissions.permissibleName", hasItem("meshes.notes"))
                .body("permissions[0].read", equalTo(true));
        as(admin)
                .queryParam("action", "capabilityToken.mint")
                .get(api.at("/audit"))
                .then()
                .body("results.target.id", hasItem("s"));
    }
}
