package dev.warden.hardening;

import static dev.warden.support.Api.PASSWORD;
import static org.hamcrest.Matchers.equalTo;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Spec §8: M failures from one client address lock that address for every username of the
 * account. The test profile raises M (every test signs in from 127.0.0.1); this test reaches it.
 */
@QuarkusTest
class AddressLockoutTest {

    @Test
    void failuresSpreadOverUsernamesLockTheAddress() {
        int limit = ConfigProvider.getConfig().getValue("warden.login.address-max-failures", Integer.class);
        Api api = Api.freshAccount(Verification.NONE);
        String victim = api.register();
        for (int i = 0; i < limit; i++) {
            // Each guess is at a different username: no username reaches its own limit.
            api.login("guess" + i, "not-the-password").then().statusCode(400);
        }
        api.login(victim, PASSWORD).then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    }
}
