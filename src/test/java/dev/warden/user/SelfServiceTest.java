package dev.warden.user;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.path;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /users/me, /users/me/password and /users/me/questions (in an account without questions). */
@QuarkusTest
class SelfServiceTest {

    @Test
    void putMeChangesContactFieldsAndKeepsWhatIsLeftOut() {
        Api.Session user = Api.newUser();
        user.request()
                .body(Map.of("lastName", "Lovelace", "emailAddress", "ada@example.com", "username", "ignored-name"))
                .put(path("/users/me"))
                .then()
                .statusCode(200)
                .body("firstName", equalTo("Ada"))
                .body("lastName", equalTo("Lovelace"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("emailAddress", null);
        user.request().body(clear).put(path("/users/me")).then().statusCode(200);
        user.request()
                .get(path("/users/me"))
                .then()
                .body("username", equalTo(user.username()))
                .body("lastName", equalTo("Lovelace"))
                .body("emailAddress", nullValue());
    }

    @Test
    void putMeRefusesRoleChangesButAcceptsTheSameRolesBack() {
        Api.Session user = Api.newUser();
        user.request()
                .body(Map.of("roles", List.of(Map.of("name", "meshy.user"), Map.of("name", "meshy.admin"))))
                .put(path("/users/me"))
                .then()
                .statusCode(400)
                .body("message", equalTo("Unable to change user roles via API"));
        user.request()
                .body(Map.of("firstName", "Echo", "roles", List.of(Map.of("name", "meshy.user"))))
                .put(path("/users/me"))
                .then()
                .statusCode(200)
                .body("firstName", equalTo("Echo"))
                .body("roles.name", contains("meshy.user"));
        user.request().get(path("/users/me")).then().body("roles.name", contains("meshy.user"));
    }

    @Test
    void putMeValidatesFormats() {
        Api.Session user = Api.newUser();
        user.request()
                .body(Map.of("emailAddress", "nope", "firstName", "Changed"))
                .put(path("/users/me"))
                .then()
                .statusCode(400)
                .body("message", containsString("emailAddress"));
        user.request().get(path("/users/me")).then().body("firstName", equalTo("Ada"));
    }

    @Test
    void changePasswordNeedsThePreviousOneAndThenOnlyTheNewOneWorks() {
        Api.Session user = Api.newUser();
        user.request()
                .body(Map.of("previousPassword", "wrong-password", "newPassword", "another-good-one"))
                .post(path("/users/me/password"))
                .then()
                .statusCode(400)
                .body("message", equalTo("previousPassword is incorrect"));
        user.request()
                .body(Map.of("newPassword", "another-good-one"))
                .post(path("/users/me/password"))
                .then()
                .statusCode(400)
                .body("message", equalTo("previousPassword is required"));
        user.request()
                .body(Map.of("previousPassword", PASSWORD, "newPassword", "short"))
                .post(path("/users/me/password"))
                .then()
                .statusCode(400);
        Api.tokenResponse(user.username(), PASSWORD).then().statusCode(200);

        user.request()
                .body(Map.of("previousPassword", PASSWORD, "newPassword", "another-good-one"))
                .post(path("/users/me/password"))
                .then()
                .statusCode(204);
        Api.tokenResponse(user.username(), PASSWORD).then().statusCode(400);
        Api.tokenResponse(user.username(), "another-good-one").then().statusCode(200);
    }

    @Test
    void anonymousUsersCannotChangeAPasswordOrSetQuestions() {
        Api.Session anonymous = Api.newAnonymous();
        anonymous
                .request()
                .body(Map.of("previousPassword", "nopassword", "newPassword", "another-good-one"))
                .post(path("/users/me/password"))
                .then()
                .statusCode(400)
                .body("message", containsString("Anonymous"));
        Api.tokenResponse(anonymous.username(), "nopassword").then().statusCode(200);
    }

    @Test
    void questionsNeedAnAccountThatUsesThem() {
        Api.Session user = Api.newUser();
        user.request()
                .body(Map.of("securityQuestions", List.of(Map.of("question", "Pet?", "answer", "Rex"))))
                .post(path("/users/me/questions"))
                .then()
                .statusCode(400)
                .body("message", containsString("not used"));
    }
}
