package dev.warden.user;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Registration, recovery and verification in an account that verifies by security question. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionVerificationTest {

    Api quiz;

    @BeforeAll
    void account() {
        quiz = Api.freshAccount(Verification.QUESTION);
    }

    private String registerWithQuestions() {
        // Ordered: attempt 1 asks the first question, attempt 2 the second.
        java.util.LinkedHashMap<String, String> questions = new java.util.LinkedHashMap<>();
        questions.put("First pet?", "Rex");
        questions.put("Home town?", "Oslo");
        return quiz.registerWithQuestions(questions);
    }

    private Map<String, Object> recoveryFor(String username, int attempt) {
        return new HashMap<>(given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "attempt", attempt))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
    }

    @Test
    void registrationNeedsQuestionsAndNeverStoresAnswersInClear() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("noq"), "newPassword", PASSWORD))
                .post(quiz.at("/users/register"))
                .then()
                .statusCode(400)
                .body("message", containsString("securityQuestions"));
        String username = registerWithQuestions();
        String me = as(quiz.loginToken(username, PASSWORD))
                .get(quiz.at("/users/me"))
                .then()
                .body("securityQuestions", hasSize(2))
                .body("securityQuestions[0].question", equalTo("First pet?"))
                .body("securityQuestions[0].answerHash", equalTo(""))
                .extract()
                .asString();
        org.hamcrest.MatcherAssert.assertThat(me, not(containsString("Rex")));
    }

    @Test
    void forgotCheckAndResetWithTheRightAnswer() {
        String username = registerWithQuestions();
        Map<String, Object> hash = recoveryFor(username, 2);
        org.junit.jupiter.api.Assertions.assertEquals("Home town?", hash.get("hint"));

        Map<String, Object> wrong = new HashMap<>(hash);
        wrong.put("verificationCode", "Bergen");
        given().contentType(ContentType.JSON)
                .body(wrong)
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(200)
                .body("isValid", is(false));
        Map<String, Object> right = new HashMap<>(hash);
        right.put("verificationCode", "  oslo ");
        given().contentType(ContentType.JSON)
                .body(right)
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(200)
                .body("isValid", is(true));

        wrong.put("newPassword", "brand-new-password");
        given().contentType(ContentType.JSON)
                .body(wrong)
                .post(quiz.at("/users/resetpassword"))
                .then()
                .statusCode(400);
        quiz.login(username, PASSWORD).then().statusCode(200);

        right.put("newPassword", "brand-new-password");
        given().contentType(ContentType.JSON)
                .body(right)
                .post(quiz.at("/users/resetpassword"))
                .then()
                .statusCode(204);
        quiz.login(username, PASSWORD).then().statusCode(400);
        quiz.login(username, "brand-new-password").then().statusCode(200);
        // The hash was bound to the old password: it cannot be replayed.
        right.put("newPassword", "third-password-here");
        given().contentType(ContentType.JSON)
                .body(right)
                .post(quiz.at("/users/resetpassword"))
                .then()
                .statusCode(400);
    }

    @Test
    void tamperedOrExpiredHashesAreInvalid() {
        String username = registerWithQuestions();
        Map<String, Object> hash = recoveryFor(username, 1);
        hash.put("verificationCode", "Rex");
        Map<String, Object> extended = new HashMap<>(hash);
        extended.put("expires", "2999-01-01T00:00:00Z");
        given().contentType(ContentType.JSON)
                .body(extended)
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(200)
                .body("isValid", is(false));
        Map<String, Object> past = new HashMap<>(hash);
        past.put("expires", "2001-01-01T00:00:00Z");
        given().contentType(ContentType.JSON)
                .body(past)
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(200)
                .body("isValid", is(false));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username))
                .post(quiz.at("/users/checkhash"))
                .then()
                .statusCode(400)
                .body("message", equalTo("hash is required"));
    }

    @Test
    void forgotPasswordErrors() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "nobody-at-all"))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(404);
        Api.Session anonymous = quiz.anonymous();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", anonymous.username()))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .statusCode(400);
    }

    @Test
    void replacingQuestionsTakesEffectForRecovery() {
        String username = registerWithQuestions();
        String token = quiz.loginToken(username, PASSWORD);
        as(token)
                .body(Map.of("securityQuestions", List.of()))
                .post(quiz.at("/users/me/questions"))
                .then()
                .statusCode(400);
        as(token)
                .body(Map.of("securityQuestions", List.of(Map.of("question", "Colour?", "answer", "Teal"))))
                .post(quiz.at("/users/me/questions"))
                .then()
                .statusCode(204);
        Map<String, Object> hash = recoveryFor(username, 1);
        org.junit.jupiter.api.Assertions.assertEquals("Colour?", hash.get("hint"));
        hash.put("verificationCode", "teal");
        given().contentType(ContentType.JSON)
                .body(hash)
                .post(quiz.at("/users/checkhash"))
                .then()
                .body("isValid", is(true));
    }

    @Test
    void verifyMarksAnUnverifiedUserAndRefusesTheRest() {
        String admin = quiz.admin();
        String username = Api.unique("unver");
        as(admin)
                .body(Map.of(
                        "username",
                        username,
                        "newPassword",
                        PASSWORD,
                        "isActive",
                        true,
                        "securityQuestions",
                        List.of(Map.of("question", "Q?", "answer", "A"))))
                .post(quiz.at("/users"))
                .then()
                .statusCode(201)
                .body("verified", is(false));
        quiz.login(username, PASSWORD)
                .then()
                .statusCode(400)
                .body("error_description", equalTo("User is not verified"));

        Map<String, Object> hash = recoveryFor(username, 1);
        hash.put("verificationCode", "wrong");
        given().contentType(ContentType.JSON)
                .body(hash)
                .post(quiz.at("/users/verify"))
                .then()
                .statusCode(400);
        hash.put("verificationCode", "a");
        given().contentType(ContentType.JSON)
                .body(hash)
                .post(quiz.at("/users/verify"))
                .then()
                .statusCode(204);
        quiz.login(username, PASSWORD).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(hash)
                .post(quiz.at("/users/verify"))
                .then()
                .statusCode(400)
                .body("message", equalTo("User is already verified"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username))
                .post(quiz.at("/users/verify"))
                .then()
                .statusCode(400);
    }

    @Test
    void accountsAreIsolated() {
        Api.Session user = quiz.session(registerWithQuestions(), PASSWORD);
        // A token of one account is not valid in another, even for the same endpoint.
        as(user.token()).get(Api.path("/users/me")).then().statusCode(401);
        given().get(Api.path("/users/" + user.username() + "/exists")).then().body("exists", is(false));
    }
}
