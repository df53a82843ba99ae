package dev.warden.security;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §9.2: with {@code "scope": "own"} every read and write reaches only the caller's documents,
 * filtered in SQL, counts included; creating is unaffected; {@code all} wins when both are granted.
 * Two users' documents are interleaved in one mesh.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnerScopeTest {

    Api api;
    String admin;
    Api.Session ada;
    Api.Session bob;
    List<String> adas = new ArrayList<>();
    List<String> bobs = new ArrayList<>();
    String notes;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    /** HTTP only inside tests (Quarkus points RestAssured at the server per test); each test its own mesh. */
    @BeforeEach
    void setUp() {
        admin = api.admin();
        notes = Api.uniqueLetters("notes");
        String role = api.createRole(admin, Api.uniqueLetters("owners"));
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
                        "delete",
                        true,
                        "scope",
                        "own"));
        ada = api.user();
        bob = api.user();
        api.addMember(admin, role, ada.id());
        api.addMember(admin, role, bob.id());
        adas.clear();
        bobs.clear();
        for (int i = 0; i < 3; i++) {
            adas.add(create(ada, "ada", i));
            bobs.add(create(bob, "bob", i));
        }
    }

    private String create(Api.Session who, String name, int i) {
        return who.request()
                .body(Map.of("by", name, "i", i))
                .post(api.at("/meshes/" + notes))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    @Test
    void readsReachOnlyOwnDocumentsAndCountOnlyThem() {
        ada.request()
                .get(api.at("/meshes/" + notes + "?pageSize=2"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(3))
                .body("results.by", everyItem(equalTo("ada")));
        ada.request().get(api.at("/meshes/" + notes + "/" + adas.get(0))).then().statusCode(200);
        ada.request().get(api.at("/meshes/" + notes + "/" + bobs.get(0))).then().statusCode(404);
        ada.request()
                .queryParam("filter", "{\"i\":1}")
                .get(api.at("/meshes/" + notes))
                .then()
                .body("totalRecords", equalTo(1))
                .body("results[0]._id", equalTo(adas.get(1)));
        // The admin (no scope) sees all six.
        as(admin).get(api.at("/meshes/" + notes)).then().body("totalRecords", equalTo(6));
    }

    @Test
    void writesReachOnlyOwnDocuments() {
        String base = api.at("/meshes/" + notes);
        ada.request()
                .body(Map.of("by", "mallory"))
                .put(base + "/" + bobs.get(0))
                .then()
                .statusCode(404);
        ada.request().delete(base + "/" + bobs.get(1)).then().statusCode(404);
        ada.request()
                .body(Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("seen", true))))
                .patch(base)
                .then()
                .statusCode(200)
                .body("matchedCount", equalTo(3));
        ada.request()
                .queryParam("filter", "{\"i\":0}")
                .delete(base)
                .then()
                .statusCode(200)
                .body("deletedCount", equalTo(1));
        // Read back as the admin: bob's documents untouched, ada's changed.
        as(admin)
                .queryParam("filter", "{\"by\":\"bob\"}")
                .get(base)
                .then()
                .body("totalRecords", equalTo(3))
                .body("results.seen", everyItem(equalTo(null)));
        as(admin)
                .queryParam("filter", "{\"by\":\"ada\"}")
                .get(base)
                .then()
                .body("totalRecords", equalTo(2))
                .body("results.seen", everyItem(equalTo(true)));
    }

    @Test
    void ownershipIsReadableAndTransferableOnlyWithScopeAll() {
        String base = api.at("/meshes/" + notes + "/");
        ada.request()
                .get(base + adas.get(0) + "/owner")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo(ada.id()))
                .body("ownerType", equalTo("user"));
        ada.request().get(base + bobs.get(0) + "/owner").then().statusCode(404);
        ada.request()
                .body(Map.of("ownerId", bob.id(), "ownerType", "user"))
                .put(base + adas.get(0) + "/owner")
                .then()
                .statusCode(403)
                .body("code", equalTo("insufficient_permission"));
        as(admin)
                .body(Map.of("ownerId", ada.id(), "ownerType", "user"))
                .put(base + bobs.get(2) + "/owner")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo(ada.id()));
        ada.request()
                .get(api.at("/meshes/" + notes))
                .then()
                .body("totalRecords", equalTo(4))
                .body("results._id", containsInAnyOrder(adas.get(0), adas.get(1), adas.get(2), bobs.get(2)));
        as(admin)
                .body(Map.of("ownerId", "x", "ownerType", "robot"))
                .put(base + bobs.get(1) + "/owner")
                .then()
                .statusCode(400);
    }

    @Test
    void allWinsOverOwnWhenBothAreGranted() {
        String readers = api.createRole(admin, Api.uniqueLetters("readers"));
        api.grant(admin, readers, Map.of("permissibleName", "meshes", "read", true));
        api.addMember(admin, readers, ada.id());
        ada.request().get(api.at("/meshes/" + notes)).then().body("totalRecords", equalTo(6));
        ada.request().get(api.at("/meshes/" + notes + "/" + bobs.get(0))).then().statusCode(200);
        // Update stays own: reading all does not widen writing.
        ada.request()
                .body(Map.of("x", 1))
                .put(api.at("/meshes/" + notes + "/" + bobs.get(0)))
                .then()
                .statusCode(404);
    }

    @Test
    void ownScopeIsOnlyForMeshes() {
        String role = api.createRole(admin, Api.uniqueLetters("bad"));
        as(admin)
                .body(Map.of("permissibleName", "users", "read", true, "scope", "own"))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400);
        as(admin)
                .body(Map.of("permissibleName", "meshes", "read", true, "scope", "mine"))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400);
        as(admin).get(api.at("/roles/" + role + "/permissions")).then().body("totalRecords", equalTo(0));
    }
}
