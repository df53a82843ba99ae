package dev.warden.hardening;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §8: a password change, deactivation or deletion ends sessions at once; usernames are normalised. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsAndNamesTest {

    Api api;
    String admin;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    /** HTTP only inside tests: Quarkus points RestAssured at the server per test. */
    @BeforeEach
    void signIn() {
        admin = api.admin();
    }

    @Test
    void aPasswordChangeEndsEarlierAccessAndRefreshTokens() {
        String username = api.register();
        Response login = api.login(username, PASSWORD);
        String access = login.path("access_token");
        String refresh = login.path("refresh_token");
        as(access)
                .body(Map.of("previousPassword", PASSWORD, "newPassword", "another-long-password"))
                .post(api.at("/users/me/password"))
                .then()
                .statusCode(204);
        as(access).get(api.at("/users/me")).then().statusCode(401);
        refresh(refresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // The new password starts a session that works at once.
        String fresh = api.loginToken(username, "another-long-password");
        as(fresh).get(api.at("/users/me")).then().statusCode(200);
    }

    @Test
    void deactivationEndsTokensEvenAfterReactivation() {
        Api.Session user = api.user();
        String refresh = api.login(user.username(), PASSWORD).path("refresh_token");
        as(admin)
                .body(Map.of("isActive", false))
                .put(api.at("/users/" + user.id()))
                .then()
                .statusCode(200);
        user.request().get(api.at("/users/me")).then().statusCode(401);
        as(admin)
                .body(Map.of("isActive", true))
                .put(api.at("/users/" + user.id()))
                .then()
                .statusCode(200);
        user.request().get(api.at("/users/me")).then().statusCode(401);
        refresh(refresh).then().statusCode(400);
        as(api.loginToken(user.username(), PASSWORD))
                .get(api.at("/users/me"))
                .then()
                .statusCode(200);
    }

    @Test
    void deletionEndsTokens() {
        Api.Session user = api.user();
        as(admin).delete(api.at("/users/" + user.id())).then().statusCode(204);
        user.request().get(api.at("/users/me")).then().statusCode(401);
    }

    @Test
    void anUnrelatedEditKeepsSessions() {
        Api.Session user = api.user();
        as(admin)
                .body(Map.of("firstName", "Grace"))
                .put(api.at("/users/" + user.id()))
                .then()
                .statusCode(200);
        user.request().get(api.at("/users/me")).then().statusCode(200).body("firstName", equalTo("Grace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u0007", "\u00a0"})
    void invisibleCharactersInUsernamesAreRefused(String invisible) {
        String username = "admin" + invisible + Api.unique("x");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "newPassword", PASSWORD))
                .post(api.at("/users/register"))
                .then()
                .statusCode(400)
                .body("message", containsString("username may not contain"));
        given().get(api.at("/users/" + username + "/exists")).then().body("exists", equalTo(false));
    }

    @Test
    void usernamesAreNfkcNormalised() {
        String ascii = Api.uniqueLetters("wide");
        StringBuilder fullWidth = new StringBuilder();
        ascii.chars().forEach(c -> fullWidth.append((char) (c - 'a' + '\uff41')));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", fullWidth.toString(), "newPassword", PASSWORD))
                .post(api.at("/users/register"))
                .then()
                .statusCode(204);
        // Stored and looked up as one name, whichever form is typed.
        given().get(api.at("/users/" + ascii + "/exists")).then().body("exists", equalTo(true));
        as(api.loginToken(ascii, PASSWORD)).get(api.at("/users/me")).then().body("username", equalTo(ascii));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", ascii.toUpperCase(), "newPassword", PASSWORD))
                .post(api.at("/users/register"))
                .then()
                .statusCode(400)
                .body("message", equalTo("Username is already taken"));
    }

    private Response refresh(String refreshToken) {
        return given().contentType(ContentType.URLENC)
                .formParam("client_id", api.clientId())
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken)
                .post(api.at("/connect/token"));
    }
}
