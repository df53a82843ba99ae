package dev.warden.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §8: every error is JSON, also those answered before any endpoint is chosen, where Quarkus allows it. */
@QuarkusTest
class ErrorBodiesTest {

    static final RestAssuredConfig AS_GIVEN = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    /**
     * Sent over a plain socket: HTTP clients refuse to send a malformed URL at all. Vert.x's codec
     * answers these (like 414 and 431) before any handler runs: 400 at once, but with an empty
     * body, which Quarkus gives an application no way to replace (README, "Errors").
     */
    @ParameterizedTest
    @ValueSource(strings = {"/demo/%zz", "/demo/users/%E0%A4%A", "/demo/meshes/%"})
    void aMalformedUrlIs400AtOnce(String path) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /no/such/route/here/at/all, , 404",
        "PATCH, /demo/users/me, application/json, 405",
        "POST, /demo/meshes/things, text/plain, 415",
    })
    void routerErrorsHaveAJsonBody(String method, String path, String contentType, int status) {
        var request = given().config(AS_GIVEN)
                .urlEncodingEnabled(false)
                .header("Authorization", "Bearer " + Api.adminToken());
        if (contentType != null) request = request.contentType(contentType).body("x");
        request.request(method, path)
                .then()
                .statusCode(status)
                .contentType("application/json")
                .body("message", notNullValue())
                .body("status", equalTo(status));
    }
}
