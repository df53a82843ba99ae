package dev.warden.hardening;

import static dev.warden.support.Api.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §8 on the token endpoints: malformed forms answer at once; tokens are never cached. */
@QuarkusTest
class TokenEndpointTest {

    /** Before, these never answered (the framework's form decoder threw where no handler caught it). */
    static final RestAssuredConfig FIVE_SECONDS = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 5000)
                    .setParam("http.connection.timeout", 5000));

    @ParameterizedTest
    @CsvSource({
        "/connect/token, %%%",
        "/connect/token, a=%zz",
        "/connect/revocation, %%%",
        "/connect/revocation, token=%g1"
    })
    void aMalformedFormIsInvalidRequestAtOnce(String endpoint, String body) {
        given().config(FIVE_SECONDS)
                .contentType("application/x-www-form-urlencoded")
                .body(body)
                .post(Api.path(endpoint))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", startsWith("Malformed form body"));
    }

    @Test
    void tokenAnswersAreNeverCached() {
        String username = Api.registerUser();
        Api.tokenResponse(username, PASSWORD)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
        Api.tokenResponse(username, "wrong-password-here")
                .then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }
}
