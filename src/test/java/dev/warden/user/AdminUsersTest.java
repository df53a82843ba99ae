package dev.warden.user;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST/GET/PUT/DELETE /users and /users/{id}/questions, in an account of its own. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUsersTest {

    Api api;
    String admin;
    String adminId;

    @BeforeEach
    void account() {
        if (api != null) {
            return;
        }
        api = Api.freshAccount(Verification.NONE);
        admin = api.admin();
        adminId = as(admin).get(api.at("/users/me")).then().extract().path("id");
    }

    RequestSpecification asAdmin() {
        return as(admin);
    }

    String createUser(Map<String, Object> extra) {
        String username = Api.unique("made");
        java.util.HashMap<String, Object> body = new java.util.HashMap<>(extra);
        body.put("username", username);
        body.put("newPassword", PASSWORD);
        return asAdmin()
                .body(body)
                .post(api.at("/users"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void createDefaultsToInactiveUnverifiedAndReadsBack() {
        String id = createUser(Map.of("firstName", "Made"));
        asAdmin()
                .get(api.at("/users/" + id))
                .then()
                .statusCode(200)
                .body("isActive", is(false))
                .body("verified", is(false))
                .body("firstName", equalTo("Made"))
                .body("roles.name", contains("meshy.user"));
    }

    @Test
    void adminMayCreateUsersWithAnyRole() {
        String id =
                createUser(Map.of("isActive", true, "verified", true, "roles", List.of(Map.of("name", "meshy.admin"))));
        asAdmin().get(api.at("/users/" + id)).then().body("roles.name", contains("meshy.user", "meshy.admin"));
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of(
                        "unknown role",
                        Map.of(
                                "username",
                                "u" + System.nanoTime(),
                                "newPassword",
                                PASSWORD,
                                "roles",
                                List.of(Map.of("name", "ghosts"))),
                        "does not exist"),
                Arguments.of(
                        "anonymous role",
                        Map.of(
                                "username",
                                "u" + System.nanoTime(),
                                "newPassword",
                                PASSWORD,
                                "roles",
                                List.of(Map.of("name", "meshy.anonymous"))),
                        "anonymous"),
                Arguments.of("no password", Map.of("username", "u" + System.nanoTime()), "newPassword"),
                Arguments.of(
                        "isActive not boolean",
                        Map.of("username", "u" + System.nanoTime(), "newPassword", PASSWORD, "isActive", "yes"),
                        "isActive must be true or false"),
                Arguments.of(
                        "roles not array",
                        Map.of("username", "u" + System.nanoTime(), "newPassword", PASSWORD, "roles", "meshy.admin"),
                        "roles must be an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreatesAre400AndCreateNothing(String name, Map<String, Object> body, String message) {
        asAdmin().body(body).post(api.at("/users")).then().statusCode(400).body("message", containsString(message));
        asAdmin()
                .get(api.at("/users/" + body.get("username") + "/exists"))
                .then()
                .body("exists", is(false));
    }

    @Test
    void searchByNameActiveAndRoleWithPaging() {
        String tag = Api.uniqueLetters("tag");
        String active = createUser(Map.of("isActive", true, "lastName", tag));
        String inactive = createUser(Map.of("isActive", false, "lastName", tag));
        String adminToo =
                createUser(Map.of("isActive", true, "lastName", tag, "roles", List.of(Map.of("name", "meshy.admin"))));

        asAdmin()
                .queryParam("name", tag.toUpperCase())
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(2))
                .body("results.id", containsInAnyOrder(active, adminToo));
        asAdmin()
                .queryParam("name", tag)
                .queryParam("activeOnly", "False")
                .get(api.at("/users"))
                .then()
                .body("totalRecords", equalTo(3))
                .body("results.id", hasItem(inactive));
        asAdmin()
                .queryParam("name", tag)
                .queryParam("activeOnly", "false")
                .queryParam("pageSize", 1)
                .queryParam("page", 2)
                .get(api.at("/users"))
                .then()
                .body("page", equalTo(2))
                .body("pageSize", equalTo(1))
                .body("results.size()", equalTo(1))
                .body("totalRecords", equalTo(3));

        String adminRoleId = roleId("meshy.admin");
        asAdmin()
                .queryParam("roleId", adminRoleId)
                .queryParam("name", tag)
                .get(api.at("/users"))
                .then()
                .body("results.id", contains(adminToo));
        asAdmin()
                .queryParam("roleId", roleId("meshy.user"))
                .queryParam("name", tag)
                .get(api.at("/users"))
                .then()
                .body("totalRecords", equalTo(2));
        asAdmin()
                .queryParam("orderby", "{lastAccessed: -1, 'username': 1}")
                .queryParam("name", tag)
                .get(api.at("/users"))
                .then()
                .statusCode(200);
    }

    @Test
    void searchRejectsBadParameters() {
        asAdmin()
                .queryParam("orderBy", "{password: 1}")
                .get(api.at("/users"))
                .then()
                .statusCode(400)
                .body("message", containsString("password"));
        asAdmin()
                .queryParam("orderBy", "{username: 2}")
                .get(api.at("/users"))
                .then()
                .statusCode(400);
        asAdmin()
                .queryParam("orderBy", "{bad json")
                .get(api.at("/users"))
                .then()
                .statusCode(400);
        asAdmin().queryParam("page", 0).get(api.at("/users")).then().statusCode(400);
        asAdmin().queryParam("pageSize", "many").get(api.at("/users")).then().statusCode(400);
        asAdmin().queryParam("activeOnly", "maybe").get(api.at("/users")).then().statusCode(400);
        asAdmin()
                .queryParam("pageSize", 5000)
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("pageSize", equalTo(200));
        asAdmin()
                .queryParam("name", "%' or 1=1 --")
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(0));
    }

    @Test
    void updateChangesProfileAndRefusesRoleChanges() {
        String id = createUser(Map.of("isActive", true, "verified", true));
        String renamed = Api.unique("renamed");
        asAdmin()
                .body(Map.of("username", renamed, "firstName", "New", "verified", false))
                .put(api.at("/users/" + id))
                .then()
                .statusCode(200)
                .body("username", equalTo(renamed))
                .body("firstName", equalTo("New"))
                .body("verified", is(false))
                .body("isActive", is(true));
        asAdmin()
                .body(Map.of("roles", List.of(Map.of("name", "meshy.admin"))))
                .put(api.at("/users/" + id))
                .then()
                .statusCode(400)
                .body("message", equalTo("Unable to change user roles via API"));
        asAdmin()
                .body(Map.of("username", "admin"))
                .put(api.at("/users/" + id))
                .then()
                .statusCode(400)
                .body("message", containsString("taken"));
        asAdmin()
                .get(api.at("/users/" + id))
                .then()
                .body("username", equalTo(renamed))
                .body("roles.name", contains("meshy.user"));
        asAdmin()
                .body(Map.of("firstName", "x"))
                .put(api.at("/users/6b0000000000000000000000"))
                .then()
                .statusCode(404);
    }

    @Test
    void deleteRemovesTheUserButNeverSelf() {
        String id = createUser(Map.of());
        asAdmin().delete(api.at("/users/" + id)).then().statusCode(204);
        asAdmin().get(api.at("/users/" + id)).then().statusCode(404);
        asAdmin().delete(api.at("/users/" + id)).then().statusCode(404);
        asAdmin()
                .delete(api.at("/users/" + adminId))
                .then()
                .statusCode(400)
                .body("message", equalTo("User is not able to delete self"));
        asAdmin().get(api.at("/users/" + adminId)).then().statusCode(200);
    }

    @Test
    void getUnknownIs404() {
        asAdmin()
                .get(api.at("/users/6b0000000000000000000000"))
                .then()
                .statusCode(404)
                .body("message", equalTo("User not found"));
    }

    @Test
    void theLastActiveAdminCannotBeDeactivatedOrDeleted() {
        Api solo = Api.freshAccount(Verification.NONE);
        String soloAdmin = solo.admin();
        String soloAdminId =
                as(soloAdmin).get(solo.at("/users/me")).then().extract().path("id");
        as(soloAdmin)
                .body(Map.of("isActive", false))
                .put(solo.at("/users/" + soloAdminId))
                .then()
                .statusCode(400)
                .body("message", equalTo("At least one active admin must remain"));
        as(soloAdmin).get(solo.at("/users/me")).then().statusCode(200).body("isActive", is(true));

        String second = as(soloAdmin)
                .body(Api.activeUserWithRole("second", "meshy.admin"))
                .post(solo.at("/users"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String secondToken = solo.loginToken("second", PASSWORD);
        as(secondToken).delete(solo.at("/users/" + soloAdminId)).then().statusCode(204);
        as(secondToken)
                .body(Map.of("isActive", false))
                .put(solo.at("/users/" + second))
                .then()
                .statusCode(400);
    }

    @Test
    void questionsForAUserNeedQuestionMode() {
        String id = createUser(Map.of());
        asAdmin()
                .body(Map.of("securityQuestions", List.of(Map.of("question", "q", "answer", "a"))))
                .post(api.at("/users/" + id + "/questions"))
                .then()
                .statusCode(400);
        asAdmin()
                .body(Map.of("securityQuestions", List.of(Map.of("question", "q", "answer", "a"))))
                .post(api.at("/users/6b0000000000000000000000/questions"))
                .then()
                .statusCode(404);
    }

    @Test
    void questionsForAUserInQuestionMode() {
        Api quiz = Api.freshAccount(Verification.QUESTION);
        String quizAdmin = quiz.admin();
        String id = as(quizAdmin)
                .body(Map.of("username", "q" + System.nanoTime(), "newPassword", PASSWORD))
                .post(quiz.at("/users"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(quizAdmin)
                .body(Map.of("securityQuestions", List.of(Map.of("question", "Colour?", "answer", "Red"))))
                .post(quiz.at("/users/" + id + "/questions"))
                .then()
                .statusCode(204);
        as(quizAdmin).get(quiz.at("/users/" + id)).then().body("securityQuestions.question", contains("Colour?"));
    }

    @Test
    void ordinaryUsersGet403OnEveryAdminEndpoint() {
        Api.Session user = api.user();
        String target = createUser(Map.of());
        List<RequestCase> cases = List.of(
                new RequestCase("POST", "/users", "create users"),
                new RequestCase("GET", "/users", "read users"),
                new RequestCase("GET", "/users/" + target, "read users"),
                new RequestCase("PUT", "/users/" + target, "update users"),
                new RequestCase("DELETE", "/users/" + target, "delete users"),
                new RequestCase("POST", "/users/" + target + "/questions", "update users"));
        for (RequestCase c : cases) {
            as(user.token())
                    .body(Map.of("username", "x", "isActive", false))
                    .request(c.method(), api.at(c.path()))
                    .then()
                    .statusCode(403)
                    .body("message", equalTo("insufficient permission to " + c.permission()));
        }
        asAdmin().get(api.at("/users/" + target)).then().statusCode(200).body("isActive", is(false));
        asAdmin().get(api.at("/users")).then().body("results.username", everyItem(not(equalTo("x"))));
    }

    record RequestCase(String method, String path, String permission) {}

    private String roleId(String name) {
        return asAdmin()
                .queryParam("name", name)
                .get(api.at("/roles"))
                .then()
                .statusCode(200)
                .extract()
                .path("results.find { it.name == '" + name + "' }.id");
    }
}
