package dev.warden.security;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One token, many role changes: each takes effect on the very next request. */
@QuarkusTest
class LiveRolesTest {

    @Test
    void grantUseRevokeAndDenyWithinOneTokensLifetime() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        Api.Session user = api.user();
        String token = user.token();

        as(token)
                .get(api.at("/users"))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission to read users"));

        String role = as(admin)
                .body(Map.of("name", "readers", "description", "may read users"))
                .post(api.at("/roles"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String permission = as(admin)
                .body(Map.of("permissibleName", "users", "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(token).get(api.at("/users")).then().statusCode(403);

        as(admin)
                .body(Map.of("users", List.of(Map.of("id", user.id()))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        as(token).get(api.at("/users")).then().statusCode(200);

        // Changing what the role grants takes effect at once.
        as(admin)
                .body(Map.of("permissibleName", "users", "update", true))
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200);
        as(token).get(api.at("/users")).then().statusCode(403);
        as(admin)
                .body(Map.of("permissibleName", "users", "read", true))
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200);
        as(token).get(api.at("/users")).then().statusCode(200);

        // Removing the member, the permission, or the role each revoke at once.
        as(admin)
                .body(Map.of("users", List.of(Map.of("id", user.id()))))
                .delete(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        as(token).get(api.at("/users")).then().statusCode(403);
        as(admin)
                .body(Map.of("users", List.of(Map.of("id", user.id()))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        as(token).get(api.at("/users")).then().statusCode(200);
        as(admin)
                .delete(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(204);
        as(token).get(api.at("/users")).then().statusCode(403);
        as(admin)
                .body(Map.of("permissibleName", "users", "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201);
        as(token).get(api.at("/users")).then().statusCode(200);
        as(admin).delete(api.at("/roles/" + role)).then().statusCode(204);
        as(token).get(api.at("/users")).then().statusCode(403);
    }

    @Test
    void baseRolePermissionsApplyToEveryUserOfThatKindAtOnce() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        Api.Session user = api.user();
        Api.Session anonymous = api.anonymous();
        String userRole = as(admin)
                .queryParam("name", "meshy.user")
                .get(api.at("/roles"))
                .then()
                .extract()
                .path("results.find { it.name == 'meshy.user' }.id");

        as(user.token()).get(api.at("/roles")).then().statusCode(403);
        as(admin)
                .body(Map.of("permissibleName", "roles", "read", true))
                .post(api.at("/roles/" + userRole + "/permissions"))
                .then()
                .statusCode(201);
        as(user.token()).get(api.at("/roles")).then().statusCode(200);
        // meshy.anonymous did not get it.
        as(anonymous.token()).get(api.at("/roles")).then().statusCode(403);
    }

    @Test
    void aCallerWhoMayCreateUsersButNotUpdateRolesGivesOnlyRolesItHolds() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String role = as(admin)
                .body(Map.of("name", "creators", "description", "may create users"))
                .post(api.at("/roles"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(admin)
                .body(Map.of("permissibleName", "users", "create", true, "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201);
        as(admin)
                .body(Map.of("name", "others", "description", "not held"))
                .post(api.at("/roles"))
                .then()
                .statusCode(201);
        Api.Session creator = api.user();
        as(admin)
                .body(Map.of("users", List.of(Map.of("id", creator.id()))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);

        for (String notHeld : List.of("meshy.admin", "others")) {
            String username = Api.unique("made");
            as(creator.token())
                    .body(Map.of(
                            "username",
                            username,
                            "newPassword",
                            Api.PASSWORD,
                            "roles",
                            List.of(Map.of("name", notHeld))))
                    .post(api.at("/users"))
                    .then()
                    .statusCode(400)
                    .body("message", equalTo("User cannot add roles they do not already have assigned"));
            as(admin).get(api.at("/users/" + username + "/exists")).then().body("exists", equalTo(false));
        }
        String username = Api.unique("made");
        as(creator.token())
                .body(Map.of(
                        "username",
                        username,
                        "newPassword",
                        Api.PASSWORD,
                        "roles",
                        List.of(Map.of("name", "creators"))))
                .post(api.at("/users"))
                .then()
                .statusCode(201)
                .body("roles.name", org.hamcrest.Matchers.contains("meshy.user", "creators"));
    }
}
