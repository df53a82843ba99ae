package dev.warden.api;

import static dev.warden.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import dev.warden.support.EndpointCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spec §8 "bad input gets a clear 4xx and changes nothing", swept over every endpoint the code
 * declares: malformed JSON, wrong types, empty and oversized bodies, odd Unicode, sent as an admin
 * (so no 401/403 hides a failure). Every answer is below 500 and, when it has a body, a JSON error
 * that names the problem; afterwards the account's data is as it was.
 */
@QuarkusTest
class EndpointSweepTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, String> BODIES = Map.of(
            "malformed JSON", "{\"name\": ",
            "wrong types",
                    "{\"name\": 5, \"username\": [], \"users\": \"x\", \"filter\": 7, \"update\": true,"
                            + " \"pipeline\": {}, \"read\": \"yes\", \"securityQuestions\": 1, \"newPassword\": {}}",
            "an array", "[1, \"two\", null]",
            "a bare string", "\"text\"",
            "empty", "",
            "odd Unicode", "{\"name\": \"\\ud800\\u202e\\u200b\", \"username\": \"a\\u0000b\", \"x\": \"\\uffff\"}",
            "deep nesting", "[".repeat(2_000) + "]".repeat(2_000),
            "oversized", "{\"a\": \"" + "x".repeat(1_100_000) + "\"}");

    @Test
    void everyEndpointAnswersBadInputWithAJsonFourHundred() throws Exception {
        Api api = Api.freshAccount(Verification.QUESTION);
        String admin = api.admin();
        as(admin)
                .body(Map.of("keep", "me"))
                .post(api.at("/meshes/canary"))
                .then()
                .statusCode(201);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.path().endsWith("/changes")) {
                continue; // an event stream takes no body and never ends: its bad input is in ChangesTest
            }
            String path = api.at(endpoint.path()
                    .replace("/{account}", "")
                    .replace("{mesh}", "sweep")
                    .replace("{name}", "sweep")
                    .replace("{username}", "sweep")
                    .replace("{version}", "1")
                    .replaceAll("\\{[A-Za-z]*[iI]d}", "000000000000000000000000"));
            for (Map.Entry<String, String> body : BODIES.entrySet()) {
                boolean form = endpoint.path().contains("/connect/");
                Response response = as(admin)
                        .contentType(form ? "application/x-www-form-urlencoded" : "application/json")
                        .body(form ? body.getValue().replace("{", "%zz{") : body.getValue())
                        .request(endpoint.method(), path);
                requests++;
                String problem = problem(response);
                if (problem != null) {
                    failures.add(endpoint.key() + " with " + body.getKey() + ": " + problem);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(requests > 300, "swept " + requests + " requests");
        // Nothing was changed by any of it: the canary is as written, alone in its mesh.
        as(admin)
                .get(api.at("/meshes/canary"))
                .then()
                .statusCode(200)
                .body("totalRecords", org.hamcrest.Matchers.equalTo(1))
                .body("results[0].keep", org.hamcrest.Matchers.equalTo("me"));
        assertEquals(200, api.login(Api.ADMIN, Api.ADMIN_PASSWORD).statusCode());
    }

    /** What is wrong with an answer to bad input, or null when it is a proper one. */
    private static String problem(Response response) throws Exception {
        int status = response.statusCode();
        if (status >= 500) {
            return status + " " + response.asString();
        }
        String text = response.asString();
        if (status >= 400 && text.isEmpty()) {
            return status + " with an empty body";
        }
        if (status >= 400) {
            JsonNode body = JSON.readTree(text);
            if (!body.hasNonNull("message") && !body.hasNonNull("error")) {
                return status + " without a message: " + text;
            }
        }
        return null;
    }
}
