package dev.warden.security;

import static dev.warden.support.Api.as;
import static dev.warden.support.Api.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.keys.SigningKeys;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a token can be wrong answers 401, and a user who is gone or inactive is out at once. */
@QuarkusTest
class AuthenticationTest {

    @Inject
    SigningKeys keys;

    @Test
    void noTokenIs401WithJsonBody() {
        given().get(path("/users/me"))
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("message", equalTo("A valid access token is required"));
    }

    @Test
    void garbageAndMalformedHeadersAre401() {
        for (String header : List.of("Bearer garbage", "Bearer a.b.c", "Basic YWRtaW46YWRtaW4=", "Bearer ", "Bearer")) {
            given().header("Authorization", header)
                    .get(path("/users/me"))
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void aCredentialOrTenantHeaderSentTwiceIs400AndNothingIsRead() {
        Api.Session user = Api.newUser();
        for (String name : List.of("Authorization", "X-Api-Key", "tenant")) {
            given().header("Authorization", "Bearer " + user.token())
                    .header(name, name.equals("Authorization") ? "Bearer " + user.token() : "x")
                    .header(name, "second")
                    .get(path("/users/me"))
                    .then()
                    .statusCode(400)
                    .body("message", equalTo("The " + name + " header may be sent only once"))
                    .body("username", org.hamcrest.Matchers.nullValue());
        }
        as(user.token()).get(path("/users/me")).then().statusCode(200).body("id", equalTo(user.id()));
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        Api.Session user = Api.newUser();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("warden")
                .audience(Api.ACCOUNT)
                .subject(user.id())
                .expiresIn(600)
                .sign(generator.generateKeyPair().getPrivate());
        as(forged).get(path("/users/me")).then().statusCode(401);
    }

    @Test
    void expiredTokenIs401() {
        Api.Session user = Api.newUser();
        long now = System.currentTimeMillis() / 1000;
        String expired = Jwt.issuer("warden")
                .audience(Api.ACCOUNT)
                .subject(user.id())
                .issuedAt(now - 7200)
                .expiresAt(now - 3600)
                .sign(keys.current().privateKey());
        as(expired).get(path("/users/me")).then().statusCode(401);
        String fresh = Jwt.issuer("warden")
                .audience(Api.ACCOUNT)
                .subject(user.id())
                .expiresIn(600)
                .sign(keys.current().privateKey());
        as(fresh).get(path("/users/me")).then().statusCode(200).body("id", equalTo(user.id()));
    }

    @Test
    void tokenForAnotherAccountOrIssuerIs401() {
        Api.Session user = Api.newUser();
        String otherAudience = Jwt.issuer("warden")
                .audience("elsewhere")
                .subject(user.id())
                .expiresIn(600)
                .sign(keys.current().privateKey());
        as(otherAudience).get(path("/users/me")).then().statusCode(401);
        String otherIssuer = Jwt.issuer("someone-else")
                .audience(Api.ACCOUNT)
                .subject(user.id())
                .expiresIn(600)
                .sign(keys.current().privateKey());
        as(otherIssuer).get(path("/users/me")).then().statusCode(401);
    }

    @Test
    void deactivatedUserIsOutOnTheNextRequest() {
        Api.Session user = Api.newUser();
        user.request().get(path("/users/me")).then().statusCode(200);
        as(Api.adminToken())
                .body(Map.of("isActive", false))
                .put(path("/users/" + user.id()))
                .then()
                .statusCode(200);
        user.request().get(path("/users/me")).then().statusCode(401);
        as(Api.adminToken())
                .body(Map.of("isActive", true))
                .put(path("/users/" + user.id()))
                .then()
                .statusCode(200);
        // Deactivation ended the session: the old token stays dead, a new sign-in works.
        user.request().get(path("/users/me")).then().statusCode(401);
        as(Api.token(user.username(), dev.warden.support.Api.PASSWORD))
                .get(path("/users/me"))
                .then()
                .statusCode(200);
    }

    @Test
    void deletedUserIsOutOnTheNextRequest() {
        Api.Session user = Api.newUser();
        user.request().get(path("/users/me")).then().statusCode(200);
        as(Api.adminToken()).delete(path("/users/" + user.id())).then().statusCode(204);
        user.request().get(path("/users/me")).then().statusCode(401);
    }

    @Test
    void unknownAccountIs404EvenForPublicEndpoints() {
        given().get("/ghost/users/someone/exists").then().statusCode(404).body("message", equalTo("Unknown account"));
        given().get("/ghost/users/me").then().statusCode(404);
    }
}
