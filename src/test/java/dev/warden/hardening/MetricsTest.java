package dev.warden.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import dev.warden.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The operator's metrics at /q/metrics move with what happens, and junk URLs add no series. */
@QuarkusTest
class MetricsTest {

    @Test
    void loginsLockoutsDenialsAndInvalidationsAreCounted() {
        Api api = Api.freshAccount(Verification.NONE);
        String before = Metrics.text();
        String user = api.register();
        api.loginToken(user, Api.PASSWORD);
        for (int i = 0; i < 5; i++) api.login(user, "wrong-" + i).then().statusCode(400);
        api.login(user, Api.PASSWORD).then().statusCode(429);
        Api.as(api.loginToken(Api.ADMIN, Api.ADMIN_PASSWORD)).body("{}").post(api.at("/roles"));
        String denied = api.loginToken(api.register(), Api.PASSWORD);
        Api.as(denied).get(api.at("/roles")).then().statusCode(403);
        Api.as(denied).get(api.at("/meshes/secret")).then().statusCode(403);
        String admin = api.admin();
        api.createRole(admin, Api.uniqueLetters("metric"));
        String after = Metrics.text();

        assertThat(delta(before, after, "warden_logins_total{result=\"success\"}"), greaterThanOrEqualTo(3.0));
        assertThat(delta(before, after, "warden_logins_total{result=\"failure\"}"), greaterThanOrEqualTo(5.0));
        assertThat(delta(before, after, "warden_logins_total{result=\"locked\"}"), greaterThanOrEqualTo(1.0));
        assertThat(delta(before, after, "warden_lockouts_total"), greaterThanOrEqualTo(1.0));
        assertThat(delta(before, after, "warden_denials_total{kind=\"roles\"}"), greaterThanOrEqualTo(1.0));
        assertThat(delta(before, after, "warden_denials_total{kind=\"meshes\"}"), greaterThanOrEqualTo(1.0));
        assertThat(
                delta(before, after, "warden_access_cache_invalidations_total{scope=\"account\"}"), greaterThan(0.0));
    }

    @Test
    void junkUrlsAddNoUriSeries() throws java.io.IOException {
        given().get("/no/such/route/x1").then().statusCode(404);
        malformed("/demo/%zz");
        given().delete("/acctjunkz/roles").then().statusCode(405); // a real path shape, no such method
        String text = Metrics.text();
        assertThat(text, containsString("http_server_requests_seconds_count"));
        assertThat(text, not(containsString("%zz")));
        assertThat(text, not(containsString("acctjunkz")));
        assertThat(text, not(containsString("/no/such/route")));
    }

    /** Over a plain socket: HTTP clients refuse to send a malformed URL at all. */
    private static void malformed(String path) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes()), containsString("HTTP/1.1 400"));
        }
    }

    private static double delta(String before, String after, String series) {
        return Metrics.value(after, series) - Metrics.value(before, series);
    }
}
