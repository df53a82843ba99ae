package dev.warden.hardening;

import static dev.warden.support.Api.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec §8 brute force: after 5 failures for one username or hash, 429 for a while, the right secret too. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockoutTest {

    Api quiz;

    @BeforeAll
    void account() {
        quiz = Api.freshAccount(Verification.QUESTION);
    }

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenForTheRightOne() {
        String username = registered();
        for (int i = 0; i < 5; i++) {
            quiz.login(username, "not-the-password").then().statusCode(400).body("error", equalTo("invalid_grant"));
        }
        quiz.login(username, PASSWORD)
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .header("Cache-Control", "no-store")
                .body("error", equalTo("temporarily_unavailable"))
                .body("error_description", containsString("Too many failed attempts"));
        int retryAfter = Integer.parseInt(quiz.login(username, PASSWORD).header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 30, "first lockout is 30 s, got " + retryAfter);
        // Another username from the same address is not affected.
        quiz.loginToken(registered(), PASSWORD);
    }

    @Test
    void aSuccessBeforeTheLimitStartsTheCountAgain() {
        String username = registered();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                quiz.login(username, "not-the-password").then().statusCode(400);
            }
            quiz.login(username, PASSWORD).then().statusCode(200);
        }
    }

    @Test
    void wrongAnswersToCheckhashLockTheHash() {
        String username = registered();
        Map<String, Object> hash = new HashMap<>(given().contentType(ContentType.JSON)
                .body(Map.of("username", username))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class));
        Map<String, Object> wrong = new HashMap<>(hash);
        wrong.put("verificationCode", "Felix");
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON)
                    .body(wrong)
                    .post(quiz.at("/users/checkhash"))
                    .then()
                    .statusCode(200)
                    .body("isValid", equalTo(false));
        }
        Map<String, Object> right = new HashMap<>(hash);
        right.put("verificationCode", "Rex");
        given().contentType(ContentType.JSON)
                .body(right)
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("message", containsString("Too many failed attempts"));
        right.put("newPassword", "a-brand-new-password");
        given().contentType(ContentType.JSON)
                .body(right)
                .post(quiz.at("/users/resetpassword"))
                .then()
                .statusCode(429);
        // Nothing changed: the old password still signs in.
        quiz.loginToken(username, PASSWORD);
    }

    private String registered() {
        return quiz.registerWithQuestions(Map.of("First pet?", "Rex"));
    }
}
