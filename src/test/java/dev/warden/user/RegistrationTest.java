package dev.warden.user;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static dev.warden.support.Api.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** exists, register and register/anonymous. */
@QuarkusTest
class RegistrationTest {

    @Test
    void existsAnswersForTakenAndFreeNamesAndIgnoresABody() {
        String username = Api.registerUser();
        given().get(path("/users/" + username + "/exists"))
                .then()
                .statusCode(200)
                .body("exists", is(true));
        given().get(path("/users/" + username.toUpperCase() + "/exists")).then().body("exists", is(true));
        // The JS SDK sends a body on this GET.
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"x\"}")
                .get(path("/users/nobody-by-this-name/exists"))
                .then()
                .statusCode(200)
                .body("exists", is(false));
    }

    @Test
    void registerCreatesAUsableUserWithOnlyMeshyUserWhateverTheBodySays() {
        String username = Api.unique("reg");
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("newPassword", PASSWORD);
        body.put("firstName", "Grace");
        body.put("lastName", "Hopper");
        body.put("emailAddress", "grace@example.com");
        body.put("phoneNumber", "+1 555 0100");
        body.put("roles", List.of(Map.of("name", "meshy.admin")));
        body.put("isActive", false);
        body.put("anonymous", true);
        given().contentType(ContentType.JSON)
                .body(body)
                .post(path("/users/register"))
                .then()
                .statusCode(204);

        as(Api.token(username, PASSWORD))
                .get(path("/users/me"))
                .then()
                .statusCode(200)
                .body("username", equalTo(username))
                .body("firstName", equalTo("Grace"))
                .body("lastName", equalTo("Hopper"))
                .body("emailAddress", equalTo("grace@example.com"))
                .body("phoneNumber", equalTo("+1 555 0100"))
                .body("verified", is(true))
                .body("isActive", is(true))
                .body("anonymous", is(false))
                .body("roles.name", contains("meshy.user"))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")))
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void pascalCaseKeysFromTheCSharpSdkBind() {
        String username = Api.unique("pascal");
        given().contentType(ContentType.JSON)
                .body(Map.of("Username", username, "NewPassword", PASSWORD, "FirstName", "Pascal"))
                .post(path("/users/register"))
                .then()
                .statusCode(204);
        as(Api.token(username, PASSWORD)).get(path("/users/me")).then().body("firstName", equalTo("Pascal"));
    }

    static Stream<Arguments> badRegistrations() {
        String taken = "taken" + System.nanoTime();
        return Stream.of(
                Arguments.of("no username", Map.of("newPassword", PASSWORD), "username is required"),
                Arguments.of(
                        "blank username", Map.of("username", "  ", "newPassword", PASSWORD), "username is required"),
                Arguments.of("username with space", Map.of("username", "a b", "newPassword", PASSWORD), "spaces"),
                Arguments.of("no password", Map.of("username", Api.unique("np")), "newPassword is required"),
                Arguments.of("weak password", Map.of("username", Api.unique("wp"), "newPassword", "short"), "too weak"),
                Arguments.of(
                        "bad email",
                        Map.of("username", Api.unique("be"), "newPassword", PASSWORD, "emailAddress", "not-an-email"),
                        "emailAddress"),
                Arguments.of(
                        "bad phone",
                        Map.of("username", Api.unique("bp"), "newPassword", PASSWORD, "phoneNumber", "call me"),
                        "phoneNumber"),
                Arguments.of(
                        "wrong type", Map.of("username", 42, "newPassword", PASSWORD), "username must be a string"),
                Arguments.of(
                        "taken (any case)",
                        Map.of("username", taken.toUpperCase(), "newPassword", PASSWORD, "__first", taken),
                        "already taken"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badRegistrationsAre400AndCreateNothing(String name, Map<String, Object> body, String message) {
        Map<String, Object> sent = new HashMap<>(body);
        Object first = sent.remove("__first");
        if (first != null) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("username", first, "newPassword", PASSWORD))
                    .post(path("/users/register"))
                    .then()
                    .statusCode(204);
        }
        given().contentType(ContentType.JSON)
                .body(sent)
                .post(path("/users/register"))
                .then()
                .statusCode(400)
                .body("message", containsString(message));
        if (sent.get("username") instanceof String username && first == null && !username.isBlank()) {
            given().get(path("/users/" + username + "/exists")).then().body("exists", is(false));
        }
    }

    @Test
    void malformedAndNonObjectBodiesAre400() {
        for (String body : List.of("{bad", "[]", "\"text\"", "null", "")) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post(path("/users/register"))
                    .then()
                    .statusCode(400)
                    .body("message", not(nullValue()));
        }
    }

    @Test
    void anonymousRegistrationGivesAnActiveAnonymousUser() {
        String username = Api.unique("anon");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "roles", List.of(Map.of("name", "meshy.admin"))))
                .post(path("/users/register/anonymous"))
                .then()
                .statusCode(201)
                .body("id", org.hamcrest.Matchers.matchesPattern("^[0-9a-f]{24}$"))
                .body("username", equalTo(username))
                .body("anonymous", is(true))
                .body("isActive", is(true))
                .body("roles", hasSize(1))
                .body("roles[0].name", equalTo("meshy.anonymous"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username))
                .post(path("/users/register/anonymous"))
                .then()
                .statusCode(400)
                .body("message", containsString("already taken"));
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post(path("/users/register/anonymous"))
                .then()
                .statusCode(400)
                .body("message", equalTo("username is required"));
    }

    @Test
    void oversizedBodyIs413WithJsonAndWritesNothing() {
        String username = Api.unique("huge");
        String body = "{\"username\":\"" + username + "\",\"newPassword\":\"" + PASSWORD + "\",\"firstName\":\""
                + "x".repeat(1_100_000) + "\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post(path("/users/register"))
                .then()
                .statusCode(413)
                .contentType(ContentType.JSON)
                .body("message", containsString("too large"));
        given().get(path("/users/" + username + "/exists")).then().body("exists", is(false));
    }
}
