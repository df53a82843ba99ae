package dev.warden.hardening;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec §9.5: defining or changing a projection needs read on every mesh it reads. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionDefinitionTest {

    Api api;
    String admin;
    Api.Session definer;
    String role;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    /** HTTP only inside tests (Quarkus points RestAssured at the server per test); once per class. */
    @BeforeEach
    void setUp() {
        admin = api.admin();
        if (definer != null) return;
        as(admin)
                .body(Map.of("pin", 1234))
                .post(api.at("/meshes/secret"))
                .then()
                .statusCode(201);
        as(admin)
                .body(Map.of("name", "open", "key", 1))
                .post(api.at("/meshes/open"))
                .then()
                .statusCode(201);
        role = api.createRole(admin, "definers");
        api.grant(
                admin,
                role,
                Map.of("permissibleName", "projectionDefinitions", "create", true, "read", true, "update", true));
        api.grant(admin, role, Map.of("permissibleName", "meshes.open", "read", true));
        api.grant(admin, role, Map.of("permissibleName", "projections", "read", true));
        definer = api.user();
        api.addMember(admin, role, definer.id());
    }

    @Test
    void aViewOfAMeshTheDefinerCannotReadIsRefused() {
        definer.request()
                .body(Map.of("name", "leak", "mesh", "secret", "pipeline", List.of(Map.of("$match", Map.of()))))
                .post(api.at("/projections"))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission to read meshes.secret"));
        as(admin).get(api.at("/projections/leak/definition")).then().statusCode(404);
        definer.request().get(api.at("/projections/leak")).then().statusCode(404);
    }

    @Test
    void aLookupIntoAMeshTheDefinerCannotReadIsRefused() {
        Map<String, Object> lookup =
                Map.of("$lookup", Map.of("from", "secret", "localField", "key", "foreignField", "pin", "as", "pins"));
        definer.request()
                .body(Map.of("name", "sideways", "mesh", "open", "pipeline", List.of(lookup)))
                .post(api.at("/projections"))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission to read meshes.secret"));
        as(admin).get(api.at("/projections/sideways/definition")).then().statusCode(404);
    }

    @Test
    void changingADefinitionIsCheckedTheSameWay() {
        definer.request()
                .body(Map.of("name", "fine", "mesh", "open", "pipeline", List.of(Map.of("$match", Map.of()))))
                .post(api.at("/projections"))
                .then()
                .statusCode(201);
        definer.request()
                .body(Map.of("mesh", "secret", "pipeline", List.of(Map.of("$match", Map.of()))))
                .put(api.at("/projections/fine/definition"))
                .then()
                .statusCode(403);
        as(admin).get(api.at("/projections/fine/definition")).then().body("mesh", equalTo("open"));
        definer.request()
                .get(api.at("/projections/fine"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1))
                .body("results[0].name", equalTo("open"));
    }
}
