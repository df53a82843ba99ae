package dev.warden.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A browser app on an allowed origin can call Warden (the test profile allows https://app.example). */
@QuarkusTest
class CorsTest {

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        given().header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .options(Api.path("/meshes/things/6b0000000000000000000001"))
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"));
    }

    @Test
    void aCrossOriginCallGetsItsAnswerWithTheOriginAllowed() {
        Api.Session user = Api.newUser();
        user.request()
                .header("Origin", "https://app.example")
                .get(Api.path("/users/me"))
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .body("username", equalTo(user.username()));
    }

    @Test
    void anOriginNotListedIsNotAllowed() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .options(Api.path("/users/me"))
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void eachAccountAllowsItsOwnOriginsOnly() {
        Api other = Api.freshAccount(dev.warden.account.Verification.NONE);
        String otherOrigin = Api.originOf(other.account());
        String admin = other.admin();

        given().header("Origin", otherOrigin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(other.at("/meshes/notes"))
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", otherOrigin)
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        String id = Api.as(admin)
                .header("Origin", otherOrigin)
                .body("{\"text\": \"from the app\"}")
                .post(other.at("/meshes/notes"))
                .then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", otherOrigin)
                .extract()
                .path("_id");
        Api.as(admin)
                .get(other.at("/meshes/notes/" + id))
                .then()
                .statusCode(200)
                .body("text", equalTo("from the app"));

        // demo's origin may not call the other account, nor the other account's origin demo
        given().header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET")
                .options(other.at("/users/me"))
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("message", containsString("may not call this account"));
        given().header("Origin", otherOrigin)
                .header("Access-Control-Request-Method", "GET")
                .options(Api.path("/users/me"))
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        Api.as(admin)
                .header("Origin", "https://app.example")
                .get(other.at("/users/me"))
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
