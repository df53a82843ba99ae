package dev.warden.role;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Roles, permissions, permissibles and membership, with every validation rule of the spec. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleResourceTest {

    static final String MISSING = "6b0000000000000000000000";

    Api api;
    String admin;

    @BeforeEach
    void account() {
        if (api != null) {
            return;
        }
        api = Api.freshAccount(Verification.NONE);
        admin = api.admin();
    }

    RequestSpecification asAdmin() {
        return as(admin);
    }

    String createRole(String name) {
        return asAdmin()
                .body(Map.of("name", name, "description", "for tests"))
                .post(api.at("/roles"))
                .then()
                .statusCode(201)
                .body("name", equalTo(name))
                .body("numberOfUsers", equalTo(0))
                .extract()
                .path("id");
    }

    String systemRoleId(String name) {
        return asAdmin()
                .queryParam("name", name)
                .get(api.at("/roles"))
                .then()
                .statusCode(200)
                .extract()
                .path("results.find { it.name == '" + name + "' }.id");
    }

    @Test
    void createReadRenameDeleteARole() {
        String name = Api.uniqueLetters("writers");
        String id = createRole(name);
        asAdmin()
                .get(api.at("/roles/" + id))
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("description", equalTo("for tests"));
        String renamed = Api.uniqueLetters("editors");
        asAdmin()
                .body(Map.of("name", renamed, "description", "renamed"))
                .put(api.at("/roles/" + id))
                .then()
                .statusCode(200)
                .body("name", equalTo(renamed));
        asAdmin()
                .get(api.at("/roles/" + id))
                .then()
                .body("name", equalTo(renamed))
                .body("description", equalTo("renamed"));
        asAdmin().delete(api.at("/roles/" + id)).then().statusCode(204);
        asAdmin().get(api.at("/roles/" + id)).then().statusCode(404);
        asAdmin().delete(api.at("/roles/" + id)).then().statusCode(404);
    }

    @Test
    void searchListsSystemRolesAndFiltersByName() {
        asAdmin()
                .get(api.at("/roles"))
                .then()
                .statusCode(200)
                .body("results.name", hasItems("meshy.admin", "meshy.user", "meshy.anonymous"));
        String name = Api.uniqueLetters("Searchable");
        createRole(name);
        asAdmin()
                .queryParam("name", name.toLowerCase())
                .get(api.at("/roles"))
                .then()
                .body("results.name", contains(name))
                .body("totalRecords", equalTo(1));
        asAdmin().queryParam("pageSize", 1).get(api.at("/roles")).then().body("results.size()", equalTo(1));
    }

    static Stream<Arguments> badRoles() {
        return Stream.of(
                Arguments.of(Map.of("description", "d"), "name is required"),
                Arguments.of(Map.of("name", "has space", "description", "d"), "alpha characters only"),
                Arguments.of(Map.of("name", "digits1", "description", "d"), "alpha characters only"),
                Arguments.of(Map.of("name", "meshy.custom", "description", "d"), "reserved"),
                Arguments.of(Map.of("name", "MESHY.x", "description", "d"), "reserved"),
                Arguments.of(Map.of("name", "nodescription"), "description is required"),
                Arguments.of(Map.of("name", 12, "description", "d"), "name must be a string"));
    }

    @ParameterizedTest
    @MethodSource("badRoles")
    void invalidRolesAre400(Map<String, Object> body, String message) {
        asAdmin().body(body).post(api.at("/roles")).then().statusCode(400).body("message", containsString(message));
    }

    @Test
    void duplicateNamesAre400InAnyCase() {
        String name = Api.uniqueLetters("dupe");
        createRole(name);
        asAdmin()
                .body(Map.of("name", name.toUpperCase(), "description", "d"))
                .post(api.at("/roles"))
                .then()
                .statusCode(400)
                .body("message", containsString("already exists"));
        String other = createRole(Api.uniqueLetters("other"));
        asAdmin()
                .body(Map.of("name", name, "description", "d"))
                .put(api.at("/roles/" + other))
                .then()
                .statusCode(400)
                .body("message", containsString("already exists"));
    }

    @Test
    void systemRolesCannotBeRenamedOrDeleted() {
        for (String system : List.of("meshy.admin", "meshy.user", "meshy.anonymous")) {
            String id = systemRoleId(system);
            asAdmin()
                    .body(Map.of("name", "renamed", "description", "d"))
                    .put(api.at("/roles/" + id))
                    .then()
                    .statusCode(400);
            asAdmin().delete(api.at("/roles/" + id)).then().statusCode(400);
            asAdmin().get(api.at("/roles/" + id)).then().statusCode(200).body("name", equalTo(system));
        }
    }

    @Test
    void permissionsCreateReadUpdateDelete() {
        String role = createRole(Api.uniqueLetters("perm"));
        String permission = asAdmin()
                .body(Map.of("permissibleName", "meshes.orders", "create", true, "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201)
                .body("permissibleName", equalTo("meshes.orders"))
                .body("create", is(true))
                .body("read", is(true))
                .body("update", is(false))
                .body("delete", is(false))
                .extract()
                .path("id");
        asAdmin()
                .get(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200)
                .body("create", is(true));
        asAdmin()
                .body(Map.of("permissibleName", "meshes.orders", "delete", true))
                .put(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(200)
                .body("create", is(false))
                .body("delete", is(true));
        asAdmin()
                .queryParam("permissibleName", "ORDERS")
                .get(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1))
                .body("results[0].delete", is(true));
        asAdmin()
                .delete(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(204);
        asAdmin()
                .get(api.at("/roles/" + role + "/permissions/" + permission))
                .then()
                .statusCode(404);
        asAdmin().get(api.at("/roles/" + role + "/permissions")).then().body("totalRecords", equalTo(0));
    }

    static Stream<Arguments> badPermissions() {
        return Stream.of(
                Arguments.of(
                        "unknown permissible",
                        Map.of("permissibleName", "documents", "read", true),
                        "Unknown permissible"),
                Arguments.of(
                        "bad mesh name",
                        Map.of("permissibleName", "meshes.or ders", "read", true),
                        "Unknown permissible"),
                Arguments.of("no action", Map.of("permissibleName", "meshes"), "at least one"),
                Arguments.of("all false", Map.of("permissibleName", "meshes", "read", false), "at least one"),
                Arguments.of(
                        "projections are read-only",
                        Map.of("permissibleName", "projections", "create", true),
                        "can only be given"),
                Arguments.of(
                        "specific projection read-only",
                        Map.of("permissibleName", "projections.x", "delete", true),
                        "can only be given"),
                Arguments.of(
                        "wrong type", Map.of("permissibleName", "meshes", "read", "yes"), "read must be true or false"),
                Arguments.of("no name", Map.of("read", true), "permissibleName is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPermissions")
    void invalidPermissionsAre400AndStoreNothing(String name, Map<String, Object> body, String message) {
        String role = createRole(Api.uniqueLetters("bad"));
        asAdmin()
                .body(body)
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400)
                .body("message", containsString(message));
        asAdmin().get(api.at("/roles/" + role + "/permissions")).then().body("totalRecords", equalTo(0));
    }

    @Test
    void oneRoleCannotHoldAPermissibleTwiceOrBroadWithSpecific() {
        String role = createRole(Api.uniqueLetters("mix"));
        asAdmin()
                .body(Map.of("permissibleName", "meshes.orders", "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201);
        asAdmin()
                .body(Map.of("permissibleName", "meshes.orders", "create", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400)
                .body("message", containsString("already has"));
        asAdmin()
                .body(Map.of("permissibleName", "meshes", "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400)
                .body("message", containsString("cannot hold both"));
        String projections = asAdmin()
                .body(Map.of("permissibleName", "projections", "read", true))
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Editing a permission into a clash is refused the same way.
        asAdmin()
                .body(Map.of("permissibleName", "meshes", "read", true))
                .put(api.at("/roles/" + role + "/permissions/" + projections))
                .then()
                .statusCode(400);
        asAdmin()
                .get(api.at("/roles/" + role + "/permissions"))
                .then()
                .body("totalRecords", equalTo(2))
                .body("results.permissibleName", hasItems("meshes.orders", "projections"));
    }

    @Test
    void adminPermissionsCannotBeEditedButBaseRolesCan() {
        asAdmin()
                .body(Map.of("permissibleName", "meshes", "read", true))
                .post(api.at("/roles/" + systemRoleId("meshy.admin") + "/permissions"))
                .then()
                .statusCode(400)
                .body("message", containsString("cannot be edited"));
        String userRole = systemRoleId("meshy.user");
        String grant = asAdmin()
                .body(Map.of("permissibleName", "meshes.notes", "read", true))
                .post(api.at("/roles/" + userRole + "/permissions"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        asAdmin()
                .delete(api.at("/roles/" + userRole + "/permissions/" + grant))
                .then()
                .statusCode(204);
    }

    @Test
    void unknownRoleOrPermissionIs404() {
        asAdmin().get(api.at("/roles/" + MISSING)).then().statusCode(404).body("message", equalTo("Role not found"));
        asAdmin()
                .body(Map.of("permissibleName", "meshes", "read", true))
                .post(api.at("/roles/" + MISSING + "/permissions"))
                .then()
                .statusCode(404);
        asAdmin().get(api.at("/roles/" + MISSING + "/permissions")).then().statusCode(404);
        String role = createRole(Api.uniqueLetters("lonely"));
        asAdmin()
                .get(api.at("/roles/" + role + "/permissions/" + MISSING))
                .then()
                .statusCode(404);
        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", MISSING))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(404)
                .body("message", equalTo("User not found"));
        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", MISSING))))
                .post(api.at("/roles/" + MISSING + "/users"))
                .then()
                .statusCode(404);
    }

    @Test
    void membersAreAddedAndRemovedAllOrNothing() {
        String role = createRole(Api.uniqueLetters("team"));
        Api.Session one = api.user();
        Api.Session two = api.user();
        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", one.id()), Map.of("id", MISSING))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(404);
        asAdmin().queryParam("roleId", role).get(api.at("/users")).then().body("totalRecords", equalTo(0));

        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", one.id()), Map.of("Id", two.id()))))
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        asAdmin().get(api.at("/roles/" + role)).then().body("numberOfUsers", equalTo(2));
        asAdmin().queryParam("roleId", role).get(api.at("/users")).then().body("totalRecords", equalTo(2));
        as(one.token()).get(api.at("/users/me")).then().body("roles.name", hasItem(startsWithLetters()));

        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", one.id()))))
                .delete(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(204);
        asAdmin().queryParam("roleId", role).get(api.at("/users")).then().body("results.id", contains(two.id()));
    }

    private static org.hamcrest.Matcher<String> startsWithLetters() {
        return org.hamcrest.Matchers.matchesPattern("^team[a-z]+$");
    }

    @Test
    void membershipRulesOfSystemRolesAndAnonymousUsers() {
        Api.Session user = api.user();
        Api.Session anonymous = api.anonymous();
        for (String automatic : List.of("meshy.user", "meshy.anonymous")) {
            asAdmin()
                    .body(Map.of("users", List.of(Map.of("id", user.id()))))
                    .post(api.at("/roles/" + systemRoleId(automatic) + "/users"))
                    .then()
                    .statusCode(400)
                    .body("message", containsString("automatic"));
            asAdmin()
                    .body(Map.of("users", List.of(Map.of("id", user.id()))))
                    .delete(api.at("/roles/" + systemRoleId(automatic) + "/users"))
                    .then()
                    .statusCode(400);
        }
        String custom = createRole(Api.uniqueLetters("anon"));
        asAdmin()
                .body(Map.of("users", List.of(Map.of("id", anonymous.id()))))
                .post(api.at("/roles/" + custom + "/users"))
                .then()
                .statusCode(400)
                .body("message", containsString("Anonymous"));
        asAdmin()
                .body(Map.of("users", List.of()))
                .post(api.at("/roles/" + custom + "/users"))
                .then()
                .statusCode(400);
        asAdmin().get(api.at("/roles/" + custom)).then().body("numberOfUsers", equalTo(0));
    }

    @Test
    void adminRoleIsGrantedByRoleManagersAndTheLastAdminStays() {
        Api solo = Api.freshAccount(Verification.NONE);
        String soloAdmin = solo.admin();
        String adminRole = as(soloAdmin)
                .queryParam("name", "meshy.admin")
                .get(solo.at("/roles"))
                .then()
                .extract()
                .path("results[0].id");
        String adminId =
                as(soloAdmin).get(solo.at("/users/me")).then().extract().path("id");
        as(soloAdmin)
                .body(Map.of("users", List.of(Map.of("id", adminId))))
                .delete(solo.at("/roles/" + adminRole + "/users"))
                .then()
                .statusCode(400)
                .body("message", equalTo("At least one active admin must remain"));
        as(soloAdmin).get(solo.at("/users/me")).then().body("roles.name", hasItem("meshy.admin"));

        Api.Session user = solo.user();
        as(user.token()).get(solo.at("/roles")).then().statusCode(403);
        as(soloAdmin)
                .body(Map.of("users", List.of(Map.of("id", user.id()))))
                .post(solo.at("/roles/" + adminRole + "/users"))
                .then()
                .statusCode(204);
        as(user.token()).get(solo.at("/roles")).then().statusCode(200);
        as(soloAdmin)
                .body(Map.of("users", List.of(Map.of("id", adminId))))
                .delete(solo.at("/roles/" + adminRole + "/users"))
                .then()
                .statusCode(204);
        as(soloAdmin).get(solo.at("/roles")).then().statusCode(403);
    }

    @Test
    void permissiblesListEveryBroadNameWithItsActions() {
        asAdmin()
                .get(api.at("/permissibles"))
                .then()
                .statusCode(200)
                .body("results.name", hasItems("meshes", "projections", "users", "roles", "projectionDefinitions"))
                .body("results.find { it.name == 'projections' }.canCreate", is(false))
                .body("results.find { it.name == 'projections' }.canRead", is(true))
                .body("results.find { it.name == 'meshes' }.canDelete", is(true));
        asAdmin()
                .queryParam("name", "proj")
                .get(api.at("/permissibles"))
                .then()
                .body("results.name", not(hasItem("users")));
    }

    @Test
    void roleChangesRejectMalformedBodies() {
        String role = createRole(Api.uniqueLetters("malformed"));
        Map<String, Object> notObject = new HashMap<>();
        asAdmin()
                .body("[1,2]")
                .post(api.at("/roles/" + role + "/permissions"))
                .then()
                .statusCode(400);
        asAdmin()
                .body("{\"users\": \"everyone\"}")
                .post(api.at("/roles/" + role + "/users"))
                .then()
                .statusCode(400)
                .body("message", equalTo("users must be an array"));
        asAdmin().body(notObject).put(api.at("/roles/" + role)).then().statusCode(400);
    }
}
