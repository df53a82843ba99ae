package dev.warden.account;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Setting an account up is idempotent, also when instances do it at the same moment. */
@QuarkusTest
class AccountSetupTest {

    @Inject
    AccountService accounts;

    @Test
    void concurrentSetupsOfOneAccountCreateOneAdminAndBothSucceed() {
        String name = Api.uniqueLetters("race");
        AccountSpec spec = new AccountSpec(
                name,
                true,
                true,
                Verification.NONE,
                Optional.of(name + "-client"),
                "admin",
                Optional.of(Api.ADMIN_PASSWORD));
        Uni.join()
                .all(accounts.ensure(spec), accounts.ensure(spec), accounts.ensure(spec))
                .andFailFast()
                .await()
                .atMost(Duration.ofSeconds(60));
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", name + "-client")
                .formParam("grant_type", "password")
                .formParam("username", "admin")
                .formParam("password", Api.ADMIN_PASSWORD)
                .post("/" + name + "/connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        as(token)
                .queryParam("activeOnly", false)
                .get("/" + name + "/users")
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1));
        as(token).get("/" + name + "/roles").then().body("totalRecords", equalTo(3));
    }

    @Test
    void aSecondSetupKeepsAChangedAdminPassword() {
        String name = Api.uniqueLetters("again");
        AccountSpec spec = new AccountSpec(
                name,
                true,
                true,
                Verification.NONE,
                Optional.of(name + "-client"),
                "admin",
                Optional.of(Api.ADMIN_PASSWORD));
        accounts.ensure(spec).await().atMost(Duration.ofSeconds(30));
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", name + "-client")
                .formParam("grant_type", "password")
                .formParam("username", "admin")
                .formParam("password", Api.ADMIN_PASSWORD)
                .post("/" + name + "/connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        as(token)
                .body(java.util.Map.of("previousPassword", Api.ADMIN_PASSWORD, "newPassword", "changed-by-the-admin"))
                .post("/" + name + "/users/me/password")
                .then()
                .statusCode(204);
        accounts.ensure(spec).await().atMost(Duration.ofSeconds(30));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", name + "-client")
                .formParam("grant_type", "password")
                .formParam("username", "admin")
                .formParam("password", "changed-by-the-admin")
                .post("/" + name + "/connect/token")
                .then()
                .statusCode(200);
    }
}
