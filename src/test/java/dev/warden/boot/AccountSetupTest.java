package dev.warden.boot;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.account.AccountSpec;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Setting an account up is idempotent, also when instances do it at the same moment. */
@QuarkusTest
class AccountSetupTest {

    @Inject
    AccountService accounts;

    private AccountSpec spec(String name) {
        return new AccountSpec(
                name,
                true,
                true,
                Verification.NONE,
                Optional.of(name + "-client"),
                "admin",
                Optional.of(Api.ADMIN_PASSWORD),
                java.util.List.of());
    }

    @Test
    void concurrentSetupsOfOneAccountCreateOneAdminAndAllSucceed() {
        AccountSpec spec = spec(Api.uniqueLetters("race"));
        Uni.join()
                .all(IntStream.range(0, 12).mapToObj(i -> accounts.ensure(spec)).toList())
                .andFailFast()
                .await()
                .atMost(Duration.ofSeconds(60));
        Api api = Api.of(spec.name(), spec.name() + "-client");
        String admin = api.admin();
        as(admin)
                .queryParam("activeOnly", false)
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1));
        as(admin).get(api.at("/roles")).then().body("totalRecords", equalTo(3));
    }

    @Test
    void aSecondSetupKeepsAChangedAdminPassword() {
        AccountSpec spec = spec(Api.uniqueLetters("again"));
        accounts.ensure(spec).await().atMost(Duration.ofSeconds(30));
        Api api = Api.of(spec.name(), spec.name() + "-client");
        as(api.admin())
                .body(Map.of("previousPassword", Api.ADMIN_PASSWORD, "newPassword", "changed-by-the-admin"))
                .post(api.at("/users/me/password"))
                .then()
                .statusCode(204);
        accounts.ensure(spec).await().atMost(Duration.ofSeconds(30));
        api.login("admin", Api.ADMIN_PASSWORD).then().statusCode(400);
        api.login("admin", "changed-by-the-admin").then().statusCode(200);
    }
}
