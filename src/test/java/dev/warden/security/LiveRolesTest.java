package dev.warden.security;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.contains;
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

    static final Map<String, Object> READ_USERS = Map.of("permissibleName", "users", "read", true);

    @Test
    void grantUseRevokeAndDenyWithinOneTokensLifetime() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        Api.Session user = api.user();
        String token = user.token();
        Runnable allowed = () -> as(token).get(api.at("/users")).then().statusCode(200);
        Runnable denied = () -> as(token)
                .get(api.at("/users"))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission to read users"));

        denied.run();
        String role = api.createRole(admin, "readers");
        String permission = api.grant(admin, role, READ_USERS);
        denied.run();
        api.addMember(admin, role, user.id());
        allowed.run();

        // Changing what the role grants takes effect at once.
        as(admin)
                .body(Map.of("permissibleName", "users", "update", true))
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200);
        denied.run();
        as(admin)
                .body(READ_USERS)
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200);
        allowed.run();

        // Removing the member, the permission, or the role each revoke at once.
        api.removeMember(admin, role, user.id());
        denied.run();
        api.addMember(admin, role, user.id());
        allowed.run();
        as(admin)
                .delete(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(204);
        denied.run();
        api.grant(admin, role, READ_USERS);
        allowed.run();
        as(admin).delete(api.at("/roles/" + role)).then().statusCode(204);
        denied.run();
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
        api.grant(admin, userRole, Map.of("permissibleName", "roles", "read", true));
        as(user.token()).get(api.at("/roles")).then().statusCode(200);
        // meshy.anonymous did not get it.
        as(anonymous.token()).get(api.at("/roles")).then().statusCode(403);
    }

    @Test
    void aCallerWhoMayCreateUsersButNotUpdateRolesGivesOnlyRolesItHolds() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String role = api.createRole(admin, "creators");
        api.grant(admin, role, Map.of("permissibleName", "users", "create", true, "read", true));
        api.createRole(admin, "others");
        Api.Session creator = api.user();
        api.addMember(admin, role, creator.id());

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
        as(creator.token())
                .body(Map.of(
                        "username", Api.unique("made"),
                        "newPassword", Api.PASSWORD,
                        "roles", List.of(Map.of("name", "creators"))))
                .post(api.at("/users"))
                .then()
                .statusCode(201)
                .body("roles.name", contains("meshy.user", "creators"));
    }
}
