package dev.warden.support;

import static io.restassured.RestAssured.given;

import dev.warden.account.AccountSpec;
import dev.warden.account.Verification;
import dev.warden.boot.AccountService;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Talks to the running Warden over HTTP like an SDK would: real sign-ups, real tokens from
 * {@code /connect/token}. Names are unique per call so tests share one database safely. The
 * static methods speak for the bootstrap account {@code demo}; {@link #freshAccount} sets up an
 * isolated one through the same service the bootstrap uses.
 */
public final class Api {

    public static final String ACCOUNT = "demo";
    public static final String CLIENT_ID = "test-client";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String PASSWORD = "correct-horse-battery";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Api DEMO = new Api(ACCOUNT, CLIENT_ID);

    private final String account;
    private final String clientId;

    private Api(String account, String clientId) {
        this.account = account;
        this.clientId = clientId;
    }

    /** A new account of its own, with admin {@code admin} / {@link #ADMIN_PASSWORD}. */
    public static Api freshAccount(Verification verification) {
        String name = uniqueLetters("acct");
        String client = name + "-client";
        AccountService service = Arc.container().instance(AccountService.class).get();
        service.ensure(new AccountSpec(
                        name,
                        true,
                        true,
                        verification,
                        Optional.of(client),
                        ADMIN,
                        Optional.of(ADMIN_PASSWORD),
                        List.of(originOf(name))))
                .await()
                .atMost(Duration.ofSeconds(30));
        return new Api(name, client);
    }

    /** The one origin a fresh account lets browser apps call it from (its own). */
    public static String originOf(String account) {
        return "https://" + account + ".example";
    }

    /** Speaks for an existing account. */
    public static Api of(String account, String clientId) {
        return new Api(account, clientId);
    }

    public String account() {
        return account;
    }

    public String clientId() {
        return clientId;
    }

    public String at(String rest) {
        return "/" + account + rest;
    }

    public Response login(String username, String password) {
        return login(null, username, password);
    }

    /** A sign-in in {@code tenant} (spec §13); null is the default tenant. */
    public Response login(String tenant, String username, String password) {
        var request = given().contentType(ContentType.URLENC);
        if (tenant != null) request = request.header("tenant", tenant);
        return request.formParam("client_id", clientId)
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", password)
                .formParam("scope", "meshy.api offline_access")
                .formParam("client_secret", "")
                .post(at("/connect/token"));
    }

    public String loginToken(String username, String password) {
        return login(username, password).then().statusCode(200).extract().path("access_token");
    }

    public String admin() {
        return loginToken(ADMIN, ADMIN_PASSWORD);
    }

    public String register() {
        String username = unique("user");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "newPassword", PASSWORD, "firstName", "Ada"))
                .post(at("/users/register"))
                .then()
                .statusCode(204);
        return username;
    }

    /** Registers a user with security questions (question → answer), for accounts that verify by question. */
    public String registerWithQuestions(Map<String, String> questions) {
        String username = unique("quiz");
        List<Map<String, String>> listed = questions.entrySet().stream()
                .map(q -> Map.of("question", q.getKey(), "answer", q.getValue()))
                .toList();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "newPassword", PASSWORD, "securityQuestions", listed))
                .post(at("/users/register"))
                .then()
                .statusCode(204);
        return username;
    }

    public Session user() {
        return session(register(), PASSWORD);
    }

    public Session session(String username, String password) {
        String token = loginToken(username, password);
        String id =
                as(token).get(at("/users/me")).then().statusCode(200).extract().path("id");
        return new Session(id, username, token);
    }

    public Session anonymous() {
        String username = unique("anon");
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("username", username))
                .post(at("/users/register/anonymous"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Session(id, username, loginToken(username, "nopassword"));
    }

    // Role administration, as an admin (or anyone allowed) would do it.

    public String createRole(String token, String name) {
        return as(token)
                .body(Map.of("name", name, "description", "made by a test"))
                .post(at("/roles"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Adds a permission such as {@code {"permissibleName": "users", "read": true}}; returns its id. */
    public String grant(String token, String roleId, Map<String, Object> permission) {
        return as(token)
                .body(permission)
                .post(at("/roles/" + roleId + "/permissions"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public void addMember(String token, String roleId, String userId) {
        as(token)
                .body(Map.of("users", List.of(Map.of("id", userId))))
                .post(at("/roles/" + roleId + "/users"))
                .then()
                .statusCode(204);
    }

    public void removeMember(String token, String roleId, String userId) {
        as(token)
                .body(Map.of("users", List.of(Map.of("id", userId))))
                .delete(at("/roles/" + roleId + "/users"))
                .then()
                .statusCode(204);
    }

    // The bootstrap account, for the common case.

    public static String path(String rest) {
        return DEMO.at(rest);
    }

    public static Response tokenResponse(String username, String password) {
        return DEMO.login(username, password);
    }

    public static String token(String username, String password) {
        return DEMO.loginToken(username, password);
    }

    public static String adminToken() {
        return DEMO.admin();
    }

    public static String registerUser() {
        return DEMO.register();
    }

    public static Session newUser() {
        return DEMO.user();
    }

    public static Session newAnonymous() {
        return DEMO.anonymous();
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** The body an admin sends to create an active, verified user holding {@code role}, with {@link #PASSWORD}. */
    public static Map<String, Object> activeUserWithRole(String username, String role) {
        return Map.of(
                "username",
                username,
                "newPassword",
                PASSWORD,
                "isActive",
                true,
                "verified",
                true,
                "roles",
                List.of(Map.of("name", role)));
    }

    public static String unique(String prefix) {
        return prefix + System.nanoTime() % 1_000_000 + "x" + COUNTER.incrementAndGet();
    }

    /** Letters only, for names that must be alphabetic (roles, meshes, accounts). */
    public static String uniqueLetters(String prefix) {
        long n = COUNTER.incrementAndGet() * 1_000_003L + System.nanoTime() % 1_000_000;
        StringBuilder s = new StringBuilder(prefix);
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }

    public record Session(String id, String username, String token) {
        public RequestSpecification request() {
            return as(token);
        }
    }
}
