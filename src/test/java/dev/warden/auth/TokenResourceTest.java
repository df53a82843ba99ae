package dev.warden.auth;

import static dev.warden.support.Api.CLIENT_ID;
import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static dev.warden.support.Api.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class TokenResourceTest {

    @Test
    void passwordGrantIssuesSignedTokenWithTheClaimsTheSdksRead() throws Exception {
        Api.Session user = Api.newUser();
        Response response = Api.tokenResponse(user.username(), PASSWORD);
        response.then()
                .statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .body("refresh_token", notNullValue());
        String[] parts = response.path("access_token").toString().split("\\.");
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("RS256", header.get("alg").asText());
        assertEquals(user.id(), claims.get("sub").asText());
        assertEquals(user.username(), claims.get("id").asText());
        assertEquals("Ada", claims.get("given_name").asText());
        assertEquals("meshy.user", claims.get("role").get(0).asText());
        assertEquals(
                "demo",
                claims.get("aud").isArray()
                        ? claims.get("aud").get(0).asText()
                        : claims.get("aud").asText());
        assertEquals(3600, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertNotEquals(null, claims.get("jti"));
    }

    @Test
    void withoutOfflineAccessThereIsNoRefreshToken() {
        String username = Api.registerUser();
        given().contentType(ContentType.URLENC)
                .formParams(Map.of(
                        "client_id",
                        CLIENT_ID,
                        "grant_type",
                        "password",
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "scope",
                        "meshy.api"))
                .post(path("/connect/token"))
                .then()
                .statusCode(200)
                .body("refresh_token", nullValue());
    }

    static Stream<Arguments> badPasswordGrants() {
        return Stream.of(
                Arguments.of("unknown client", Map.of("client_id", "nope", "grant_type", "password"), "invalid_client"),
                Arguments.of("no client", Map.of("grant_type", "password"), "invalid_client"),
                Arguments.of(
                        "bad grant type",
                        Map.of("client_id", CLIENT_ID, "grant_type", "magic"),
                        "unsupported_grant_type"),
                Arguments.of(
                        "unknown user",
                        Map.of(
                                "client_id",
                                CLIENT_ID,
                                "grant_type",
                                "password",
                                "username",
                                "nobody-here",
                                "password",
                                PASSWORD),
                        "invalid_grant"),
                Arguments.of(
                        "bad scope",
                        Map.of(
                                "client_id",
                                CLIENT_ID,
                                "grant_type",
                                "password",
                                "username",
                                "admin",
                                "password",
                                Api.ADMIN_PASSWORD,
                                "scope",
                                "meshy.api root"),
                        "invalid_scope"),
                Arguments.of(
                        "no password",
                        Map.of("client_id", CLIENT_ID, "grant_type", "password", "username", "admin"),
                        "invalid_grant"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPasswordGrants")
    void badGrantsAnswerTheOAuthErrorBody(String name, Map<String, String> form, String error) {
        given().contentType(ContentType.URLENC)
                .formParams(form)
                .post(path("/connect/token"))
                .then()
                .statusCode(400)
                .body("error", equalTo(error))
                .body("error_description", notNullValue());
    }

    @Test
    void wrongPasswordIsInvalidGrant() {
        String username = Api.registerUser();
        Api.tokenResponse(username, "not-the-password")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo("Invalid username or password"));
    }

    @Test
    void anonymousUsersLogInWithNopasswordOnly() {
        Api.Session anonymous = Api.newAnonymous();
        as(anonymous.token()).get(path("/users/me")).then().statusCode(200).body("anonymous", is(true));
        Api.tokenResponse(anonymous.username(), PASSWORD)
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void inactiveAndUnverifiedUsersCannotLogIn() {
        String admin = Api.adminToken();
        String inactive = Api.unique("inactive");
        as(admin)
                .body(Map.of("username", inactive, "newPassword", PASSWORD, "verified", true))
                .post(path("/users"))
                .then()
                .statusCode(201)
                .body("isActive", is(false));
        Api.tokenResponse(inactive, PASSWORD)
                .then()
                .statusCode(400)
                .body("error_description", equalTo("User is inactive"));

        String unverified = Api.unique("unverified");
        as(admin)
                .body(Map.of("username", unverified, "newPassword", PASSWORD, "isActive", true))
                .post(path("/users"))
                .then()
                .statusCode(201);
        Api.tokenResponse(unverified, PASSWORD)
                .then()
                .statusCode(400)
                .body("error_description", equalTo("User is not verified"));
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeChain() {
        String username = Api.registerUser();
        String first = Api.tokenResponse(username, PASSWORD).path("refresh_token");

        Response rotated = refresh(first);
        rotated.then().statusCode(200).body("access_token", notNullValue()).body("refresh_token", not(equalTo(first)));
        String second = rotated.path("refresh_token");
        as(rotated.path("access_token")).get(path("/users/me")).then().statusCode(200);

        // Presenting the spent token again is a theft signal: the successor dies too.
        refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void revocationEndsTheRefreshChain() {
        String username = Api.registerUser();
        Response login = Api.tokenResponse(username, PASSWORD);
        String refreshToken = login.path("refresh_token");
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("token", refreshToken, "token_type_hint", "refresh_token", "client_id", CLIENT_ID))
                .post(path("/connect/revocation"))
                .then()
                .statusCode(200);
        refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // Access tokens live until they expire.
        as(login.path("access_token")).get(path("/users/me")).then().statusCode(200);
    }

    @Test
    void revocationNeedsAKnownClient() {
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("token", "whatever", "client_id", "nope"))
                .post(path("/connect/revocation"))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void refreshOfUnknownTokenIsInvalidGrant() {
        refresh("made-up").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void deactivationRevokesRefreshTokens() {
        Api.Session user = Api.newUser();
        String refreshToken = Api.tokenResponse(user.username(), PASSWORD).path("refresh_token");
        as(Api.adminToken())
                .body(Map.of("isActive", false))
                .put(path("/users/" + user.id()))
                .then()
                .statusCode(200);
        refresh(refreshToken)
                .then()
                .statusCode(400)
                .body("error_description", equalTo("Refresh token has been revoked"));
    }

    @Test
    void tokenEndpointOfUnknownAccountIs404() {
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("client_id", CLIENT_ID, "grant_type", "password"))
                .post("/otheraccount/connect/token")
                .then()
                .statusCode(404);
    }

    @Test
    void rolesInTokenListEveryRoleHeld() {
        String admin = Api.adminToken();
        String payload = new String(Base64.getUrlDecoder().decode(admin.split("\\.")[1]));
        org.hamcrest.MatcherAssert.assertThat(
                payload, org.hamcrest.Matchers.containsString("\"role\":[\"meshy.user\",\"meshy.admin\"]"));
        as(admin).get(path("/users/me")).then().body("roles.name", contains("meshy.user", "meshy.admin"));
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.URLENC)
                .formParams(Map.of(
                        "client_id", CLIENT_ID,
                        "grant_type", "refresh_token",
                        "refresh_token", refreshToken,
                        "scope", "meshy.api offline_access",
                        "username", "",
                        "password", "",
                        "client_secret", ""))
                .post(path("/connect/token"));
    }
}
