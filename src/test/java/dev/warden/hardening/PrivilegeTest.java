package dev.warden.hardening;

import static dev.warden.support.Api.PASSWORD;
import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §8 "no one acts on a more privileged user", "answers never leave the server" and "the last
 * active admin survives any interleaving". Each test replays an attack that succeeded before.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegeTest {

    Api quiz;
    String admin;
    String adminId;
    final ExecutorService threads = Executors.newFixedThreadPool(6);

    @BeforeAll
    void account() {
        quiz = Api.freshAccount(Verification.QUESTION);
    }

    /** HTTP only inside tests: Quarkus points RestAssured at the server per test. */
    @BeforeEach
    void signIn() {
        admin = quiz.admin();
        adminId = as(admin).get(quiz.at("/users/me")).then().extract().path("id");
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
    }

    /** A user whose only custom role grants update (and read) on users. */
    private Api.Session userManager() {
        String role = quiz.createRole(admin, Api.uniqueLetters("managers"));
        quiz.grant(admin, role, Map.of("permissibleName", "users", "read", true, "update", true, "delete", true));
        Api.Session manager = registered();
        quiz.addMember(admin, role, manager.id());
        return manager;
    }

    private Api.Session registered() {
        return quiz.session(quiz.registerWithQuestions(Map.of("First pet?", "Rex")), PASSWORD);
    }

    @Test
    void aUsersUpdaterCannotTakeOverTheAdminThroughItsQuestions() {
        Api.Session manager = userManager();
        as(manager.token())
                .body(Map.of("securityQuestions", List.of(Map.of("question", "Mine?", "answer", "chosen"))))
                .post(quiz.at("/users/" + adminId + "/questions"))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission: the user holds meshy.admin, which you do not"));
        // The recovery the attack needed fails: the admin's question is not the attacker's.
        Map<String, Object> hash = new HashMap<>(given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.ADMIN))
                .post(quiz.at("/users/forgotpassword"))
                .then()
                .extract()
                .as(Map.class));
        assertTrue(!"Mine?".equals(hash.get("hint")), "the attacker's question was stored: " + hash);
        quiz.loginToken(Api.ADMIN, Api.ADMIN_PASSWORD);
    }

    @Test
    void aUsersUpdaterCannotChangeDeactivateOrDeleteTheAdmin() {
        Api.Session manager = userManager();
        as(manager.token())
                .body(Map.of("isActive", false))
                .put(quiz.at("/users/" + adminId))
                .then()
                .statusCode(403);
        as(manager.token())
                .body(Map.of("username", "takeover"))
                .put(quiz.at("/users/" + adminId))
                .then()
                .statusCode(403);
        as(manager.token()).delete(quiz.at("/users/" + adminId)).then().statusCode(403);
        as(admin)
                .get(quiz.at("/users/" + adminId))
                .then()
                .statusCode(200)
                .body("isActive", equalTo(true))
                .body("username", equalTo(Api.ADMIN));
    }

    @Test
    void aUsersUpdaterCannotReachAUserInARoleItLacks() {
        Api.Session manager = userManager();
        String writers = quiz.createRole(admin, Api.uniqueLetters("writers"));
        Api.Session writer = registered();
        quiz.addMember(admin, writers, writer.id());
        as(manager.token())
                .body(Map.of("firstName", "Mallory"))
                .put(quiz.at("/users/" + writer.id()))
                .then()
                .statusCode(403);
        // A user with no role beyond meshy.user is within reach: the rule narrows, it does not forbid.
        Api.Session plain = registered();
        as(manager.token())
                .body(Map.of("firstName", "Renamed"))
                .put(quiz.at("/users/" + plain.id()))
                .then()
                .statusCode(200);
        as(admin).get(quiz.at("/users/" + plain.id())).then().body("firstName", equalTo("Renamed"));
        as(admin).get(quiz.at("/users/" + writer.id())).then().body("firstName", equalTo(null));
    }

    @Test
    void answerHashesAreNeverReturned() {
        Api.Session member = registered();
        as(admin)
                .get(quiz.at("/users/" + member.id()))
                .then()
                .statusCode(200)
                .body("securityQuestions", hasSize(1))
                .body("securityQuestions.answerHash", everyItem(equalTo("")));
        member.request().get(quiz.at("/users/me")).then().body("securityQuestions.answerHash", everyItem(equalTo("")));
        as(admin)
                .get(quiz.at("/users?name=" + member.username()))
                .then()
                .body("results[0].securityQuestions.answerHash", everyItem(equalTo("")));
    }

    /** Three admins deactivate each other at once, round after round: one always survives. */
    @Test
    void concurrentDeactivationsLeaveAnActiveAdmin() throws Exception {
        for (int round = 0; round < 5; round++) {
            Api account = Api.freshAccount(Verification.NONE);
            List<Api.Session> admins = threeAdmins(account);
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Api.Session actor = admins.get(i);
                Api.Session target = admins.get((i + 1) % 3);
                answers.add(CompletableFuture.supplyAsync(
                        () -> as(actor.token())
                                .body(Map.of("isActive", false))
                                .put(account.at("/users/" + target.id()))
                                .statusCode(),
                        threads));
            }
            List<Integer> statuses =
                    answers.stream().map(CompletableFuture::join).toList();
            assertEquals(1L, activeAdmins(account), "round " + round + " answered " + statuses);
        }
    }

    /** Membership removal and deactivation, interleaved: the same lock guards both. */
    @Test
    void concurrentRemovalAndDeactivationLeaveAnActiveAdmin() throws Exception {
        for (int round = 0; round < 5; round++) {
            Api account = Api.freshAccount(Verification.NONE);
            List<Api.Session> admins = threeAdmins(account);
            String adminRole = adminRoleId(account, admins.get(0).token());
            List<CompletableFuture<Integer>> answers = List.of(
                    CompletableFuture.supplyAsync(
                            () -> as(admins.get(0).token())
                                    .body(Map.of(
                                            "users",
                                            List.of(Map.of("id", admins.get(1).id()))))
                                    .delete(account.at("/roles/" + adminRole + "/users"))
                                    .statusCode(),
                            threads),
                    CompletableFuture.supplyAsync(
                            () -> as(admins.get(1).token())
                                    .body(Map.of("isActive", false))
                                    .put(account.at("/users/" + admins.get(2).id()))
                                    .statusCode(),
                            threads),
                    CompletableFuture.supplyAsync(
                            () -> as(admins.get(2).token())
                                    .body(Map.of(
                                            "users",
                                            List.of(Map.of("id", admins.get(0).id()))))
                                    .delete(account.at("/roles/" + adminRole + "/users"))
                                    .statusCode(),
                            threads));
            List<Integer> statuses =
                    answers.stream().map(CompletableFuture::join).toList();
            assertTrue(activeAdmins(account) >= 1, "round " + round + " answered " + statuses);
        }
    }

    private List<Api.Session> threeAdmins(Api account) {
        String bootstrap = account.admin();
        List<Api.Session> admins = new ArrayList<>();
        admins.add(account.session(Api.ADMIN, Api.ADMIN_PASSWORD));
        for (int i = 0; i < 2; i++) {
            String username = Api.unique("admin");
            as(bootstrap)
                    .body(Api.activeUserWithRole(username, "meshy.admin"))
                    .post(account.at("/users"))
                    .then()
                    .statusCode(201);
            admins.add(account.session(username, PASSWORD));
        }
        return admins;
    }

    private String adminRoleId(Api account, String token) {
        return as(token)
                .get(account.at("/roles?name=meshy.admin"))
                .then()
                .extract()
                .path("results[0].id");
    }

    /** Read back from the database itself: active users holding meshy.admin. */
    private long activeAdmins(Api account) {
        return database.preparedQuery("select count(*) from users u join user_roles ur on ur.account = u.account"
                        + " and ur.user_id = u.id join roles r on r.account = ur.account and r.id = ur.role_id"
                        + " where u.account = $1 and u.is_active and r.name = 'meshy.admin'")
                .execute(Tuple.of(account.account()))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    @Inject
    Pool database;
}
