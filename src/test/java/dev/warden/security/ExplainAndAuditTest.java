package dev.warden.security;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec §9.3 (my permissions, explain, the 403 code) and §9.4 (the audit log), over HTTP. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainAndAuditTest {

    Api api;
    String admin;

    @jakarta.inject.Inject
    dev.warden.audit.DenialRecorder denials;

    /** Writes the refusals counted so far now, instead of waiting for the periodic flush. */
    private void flushDenials() {
        denials.flush().await().atMost(java.time.Duration.ofSeconds(10));
    }

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    @BeforeEach
    void signIn() {
        admin = api.admin();
    }

    @Test
    void aUserSeesItsOwnEffectivePermissions() {
        String writers = api.createRole(admin, "writers");
        api.grant(
                admin,
                writers,
                Map.of("permissibleName", "meshes.report*", "create", true, "read", true, "scope", "own"));
        String readers = api.createRole(admin, "readers");
        api.grant(admin, readers, Map.of("permissibleName", "meshes.report*", "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, writers, ada.id());
        api.addMember(admin, readers, ada.id());
        ada.request()
                .get(api.at("/users/me/permissions"))
                .then()
                .statusCode(200)
                .body("roles", contains("meshy.user", "readers", "writers"))
                .body("permissions.find { it.scope == 'own' }.permissibleName", equalTo("meshes.report*"))
                .body("permissions.find { it.scope == 'own' }.create", equalTo(true))
                .body("permissions.find { it.scope == 'own' }.via", contains("writers"))
                .body("permissions.find { it.scope == 'all' }.read", equalTo(true))
                .body("permissions.find { it.scope == 'all' }.create", equalTo(false))
                .body("permissions.find { it.scope == 'all' }.via", contains("readers"));
        as(admin)
                .get(api.at("/users/me/permissions"))
                .then()
                .body("roles", hasItem("meshy.admin"))
                .body("permissions.permissibleName", hasItem("audit"));
    }

    @Test
    void explainAgreesWithTheFilterAndNamesTheRoles() {
        String role = api.createRole(admin, "reporters");
        api.grant(admin, role, Map.of("permissibleName", "meshes.report*", "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, role, ada.id());
        for (String mesh : List.of("reportDaily", "reports", "orders")) {
            int status = ada.request().get(api.at("/meshes/" + mesh)).statusCode();
            Response explained = explain(ada.id(), "read", "meshes." + mesh);
            assertEquals(status != 403, explained.<Boolean>path("allowed"), mesh + ": " + explained.asString());
        }
        explain(ada.id(), "read", "meshes.orders")
                .then()
                .body("principal.name", equalTo(ada.username()))
                .body(
                        "reason",
                        equalTo("no role of " + ada.username()
                                + " grants read on meshes.orders (roles: meshy.user, reporters)"));
        explain(ada.id(), "read", "meshes.reports")
                .then()
                .body("matched[0].role", equalTo("reporters"))
                .body("matched[0].permissibleName", equalTo("meshes.report*"))
                .body("matched[0].scope", equalTo("all"));
        ada.request()
                .get(api.at("/meshes/orders"))
                .then()
                .statusCode(403)
                .body("code", equalTo("insufficient_permission"))
                .body("message", equalTo("insufficient permission to read meshes.orders"));
        // Explaining needs read on roles.
        ada.request()
                .queryParam("userId", ada.id())
                .queryParam("action", "read")
                .queryParam("permissible", "meshes.orders")
                .get(api.at("/access/explain"))
                .then()
                .statusCode(403);
        for (Map<String, String> bad : List.of(
                Map.of("userId", ada.id(), "action", "fly", "permissible", "meshes.orders"),
                Map.of("userId", ada.id(), "action", "read", "permissible", "meshes.ord*"),
                Map.of("action", "read", "permissible", "meshes.orders"))) {
            as(admin).queryParams(bad).get(api.at("/access/explain")).then().statusCode(400);
        }
        as(admin)
                .queryParams(Map.of("userId", "6b0000000000000000000000", "action", "read", "permissible", "users"))
                .get(api.at("/access/explain"))
                .then()
                .statusCode(404);
    }

    private Response explain(String userId, String action, String permissible) {
        return as(admin)
                .queryParam("userId", userId)
                .queryParam("action", action)
                .queryParam("permissible", permissible)
                .get(api.at("/access/explain"));
    }

    @Test
    void changesToAccessAreAuditedWithTheirPrincipal() throws Exception {
        String adminId = as(admin).get(api.at("/users/me")).path("id");
        String roleName = Api.uniqueLetters("auditors");
        String role = api.createRole(admin, roleName);
        String permission = api.grant(admin, role, Map.of("permissibleName", "meshes.logs", "read", true));
        Api.Session ada = api.user();
        api.addMember(admin, role, ada.id());
        api.removeMember(admin, role, ada.id());
        as(admin)
                .delete(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(204);
        as(admin)
                .body(Map.of("isActive", false))
                .put(api.at("/users/" + ada.id()))
                .then()
                .statusCode(200);
        as(admin)
                .body(Map.of("isActive", true))
                .put(api.at("/users/" + ada.id()))
                .then()
                .statusCode(200);
        as(admin).delete(api.at("/roles/" + role)).then().statusCode(204);
        Map<String, String> targets = Map.of(
                "role.create", roleName,
                "permission.create", roleName,
                "membership.add", roleName,
                "membership.remove", roleName,
                "permission.delete", roleName,
                "user.deactivate", ada.id(),
                "user.activate", ada.id(),
                "role.delete", roleName);
        for (Map.Entry<String, String> expected : targets.entrySet()) {
            as(admin)
                    .queryParam("action", expected.getKey())
                    .queryParam("target", expected.getValue())
                    .get(api.at("/audit"))
                    .then()
                    .statusCode(200)
                    .body("totalRecords", equalTo(1))
                    .body("results[0].principal.id", equalTo(adminId))
                    .body("results[0].principal.name", equalTo(Api.ADMIN));
        }
        as(admin)
                .queryParam("target", roleName)
                .get(api.at("/audit"))
                .then()
                .body("results[0].action", equalTo("role.delete"));
    }

    /** The rest of spec §9.4's list: renames, permission changes, users' lifecycle, resets, lockouts, definitions. */
    @Test
    void everyOtherListedChangeIsAudited() {
        String roleName = Api.uniqueLetters("renamed");
        String role = api.createRole(admin, Api.uniqueLetters("first"));
        as(admin)
                .body(Map.of("name", roleName, "description", "d"))
                .put(api.at("/roles/" + role))
                .then()
                .statusCode(200);
        String permission = api.grant(admin, role, Map.of("permissibleName", "meshes.pages", "read", true));
        as(admin)
                .body(Map.of("permissibleName", "meshes.pages", "read", true, "update", true))
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200);
        String username = Api.unique("made");
        String userId = as(admin)
                .body(Map.of("username", username, "newPassword", PASSWORD, "isActive", true, "verified", true))
                .post(api.at("/users"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(admin)
                .body(Map.of("firstName", "Grace"))
                .put(api.at("/users/" + userId))
                .then()
                .statusCode(200);
        for (int i = 0; i < 5; i++) api.login(username, "wrong-password").then().statusCode(400);
        as(admin).delete(api.at("/users/" + userId)).then().statusCode(204);
        as(admin)
                .body(Map.of("name", "pagesView", "mesh", "pages", "pipeline", List.of(Map.of("$match", Map.of()))))
                .post(api.at("/projections"))
                .then()
                .statusCode(201);
        as(admin)
                .body(Map.of("mesh", "pages", "pipeline", List.of(Map.of("$limit", 5))))
                .put(api.at("/projections/pagesView/definition"))
                .then()
                .statusCode(200);
        as(admin).delete(api.at("/projections/pagesView/definition")).then().statusCode(204);
        Map<String, String> expected = Map.of(
                "role.update", roleName,
                "permission.update", roleName,
                "user.create", userId,
                "user.update", userId,
                "user.delete", userId,
                "login.lockout", username.toLowerCase(java.util.Locale.ROOT),
                "projection.define", "pagesView",
                "projection.change", "pagesView",
                "projection.delete", "pagesView");
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            int found = as(admin)
                    .queryParam("action", entry.getKey())
                    .queryParam("target", entry.getValue())
                    .get(api.at("/audit"))
                    .path("totalRecords");
            assertEquals(1, found, entry.getKey() + " entries for " + entry.getValue());
        }
    }

    @Test
    void aResetPasswordIsAudited() {
        Api quiz = Api.freshAccount(Verification.QUESTION);
        String username = quiz.registerWithQuestions(Map.of("First pet?", "Rex"));
        Map<String, Object> hash = new java.util.HashMap<>(io.restassured.RestAssured.given()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("username", username))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class));
        hash.put("verificationCode", "Rex");
        hash.put("newPassword", "a-brand-new-password");
        io.restassured.RestAssured.given()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(hash)
                .post(quiz.at("/users/resetpassword"))
                .then()
                .statusCode(204);
        as(quiz.admin())
                .queryParam("action", "user.password.reset")
                .get(quiz.at("/audit"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].target.name", equalTo(username));
    }

    @Test
    void passwordsAndSignInsAreAudited() {
        String username = api.register();
        api.login(username, "wrong-password").then().statusCode(400);
        String token = api.loginToken(username, PASSWORD);
        as(token)
                .body(Map.of("previousPassword", PASSWORD, "newPassword", "another-long-password"))
                .post(api.at("/users/me/password"))
                .then()
                .statusCode(204);
        as(admin)
                .queryParam("action", "login.failure")
                .queryParam("target", username)
                .get(api.at("/audit"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].target.type", equalTo("user"))
                .body("results[0].details.address", startsWith("127."));
        as(admin)
                .queryParam("action", "user.password.change")
                .queryParam("target", username)
                .get(api.at("/audit"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].principal.name", equalTo(username));
    }

    @Test
    void refusalsAreAuditedFoldedWithACount() throws Exception {
        Api.Session ada = api.user();
        for (int i = 0; i < 3; i++) {
            ada.request().get(api.at("/meshes/secrets")).then().statusCode(403);
        }
        flushDenials();
        Integer count = as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", ada.id())
                .get(api.at("/audit"))
                .path("results[0].count");
        assertEquals(3, count, "three identical refusals folded into one entry");
        as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", ada.id())
                .get(api.at("/audit"))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0].target.name", equalTo("meshes.secrets"))
                .body("results[0].details.action", equalTo("read"));
    }

    /** A refusal decided behind the filter (acting on a user in a role the caller lacks) is audited too. */
    @Test
    void aRefusalBehindTheFilterIsAudited() throws Exception {
        String managers = api.createRole(admin, Api.uniqueLetters("managers"));
        api.grant(admin, managers, Map.of("permissibleName", "users", "update", true));
        Api.Session manager = api.user();
        api.addMember(admin, managers, manager.id());
        String writers = api.createRole(admin, Api.uniqueLetters("writers"));
        Api.Session writer = api.user();
        api.addMember(admin, writers, writer.id());
        manager.request()
                .body(Map.of("firstName", "X"))
                .put(api.at("/users/" + writer.id()))
                .then()
                .statusCode(403);
        flushDenials();
        Integer total = as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", manager.id())
                .get(api.at("/audit"))
                .path("totalRecords");
        assertEquals(1, total);
        as(admin)
                .queryParam("action", "access.denied")
                .queryParam("principalId", manager.id())
                .get(api.at("/audit"))
                .then()
                .body("results[0].target.name", equalTo("users"))
                .body("results[0].details.action", equalTo("update"));
    }

    @Test
    void theLogCannotBeChangedOverTheApi() {
        // Counted over one action that only this account's own role changes write (denials flush in the background).
        int before = as(admin)
                .queryParam("action", "role.create")
                .get(api.at("/audit"))
                .path("totalRecords");
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            int status = as(admin).body("{}").request(method, api.at("/audit")).statusCode();
            assertTrue(status == 404 || status == 405, method + " /audit answered " + status);
        }
        as(admin)
                .queryParam("action", "role.create")
                .get(api.at("/audit"))
                .then()
                .body("totalRecords", equalTo(before));
        Api.Session plain = api.user();
        plain.request().get(api.at("/audit")).then().statusCode(403);
    }
}
