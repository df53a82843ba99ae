package dev.warden.api;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile text at every parameter: SQL fragments, quotes, backslashes, NUL, jsonpath syntax, very
 * long strings and deep nesting. Every answer is a 4xx or a correct 2xx, never a 500, never a
 * database error text; and afterwards the data is exactly as it was.
 */
@QuarkusTest
class HostileInputTest {

    static final List<String> HOSTILE = List.of(
            "'; drop table documents; --",
            "\" or 1=1 --",
            "\\",
            "\\\\'\"",
            "a\u0000b",
            "$.a ? (@ == 1)",
            "\") || true || (\"",
            "%_%",
            "{{}}",
            "$1",
            "x".repeat(5_000),
            "é\uD83D\uDE00\u202E");

    @Test
    void hostileTextAnywhereNeverBreaksOrLeaks() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String mesh = "canary";
        String id = as(admin)
                .body(Map.of("keep", "me", "n", 1))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        String scratch = as(admin)
                .body(Map.of("v", 0))
                .post(api.at("/meshes/scratch"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        List<String> problems = new ArrayList<>();
        for (String text : HOSTILE) {
            String json = quote(text);
            List<Response> answers = new ArrayList<>();
            // Filters: as a field name, as a value, inside operators, as a regex, as a sort key.
            for (String filter : List.of(
                    "{" + json + ": 1}",
                    "{\"keep\": " + json + "}",
                    "{\"keep\": {\"$in\": [" + json + "]}}",
                    "{\"keep\": {\"$gt\": " + json + "}}",
                    "{\"keep\": {\"$regex\": " + json + "}}",
                    "{\"a\": {\"$elemMatch\": {" + json + ": 1}}}",
                    "{\"$or\": [{" + json + ": {\"$exists\": true}}]}",
                    text)) {
                answers.add(as(admin).queryParam("filter", filter).get(api.at("/meshes/" + mesh)));
                answers.add(as(admin).queryParam("orderBy", "{" + json + ": 1}").get(api.at("/meshes/" + mesh)));
            }
            // Paths, ids and names in the URL.
            String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            answers.add(as(admin).get(api.at("/meshes/" + mesh + "/" + encoded)));
            answers.add(as(admin).get(api.at("/meshes/" + encoded)));
            answers.add(as(admin).get(api.at("/users/" + encoded)));
            answers.add(given().get(api.at("/users/" + encoded + "/exists")));
            answers.add(as(admin).get(api.at("/roles/" + encoded)));
            answers.add(as(admin).queryParam("name", text).get(api.at("/users")));
            answers.add(as(admin).queryParam("roleId", text).get(api.at("/users")));
            answers.add(as(admin).queryParam("name", text).get(api.at("/roles")));
            answers.add(as(admin).queryParam("name", text).get(api.at("/permissibles")));
            // Bodies: documents, updates, users, roles, permissions, tokens.
            answers.add(as(admin).body("{" + json + ": 1}").post(api.at("/meshes/scratch")));
            answers.add(as(admin).body("{\"v\": " + json + "}").put(api.at("/meshes/scratch/" + scratch)));
            answers.add(as(admin)
                    .body(Map.of("filter", Map.of("nope", 1), "update", Map.of("$set", Map.of(text, 1))))
                    .patch(api.at("/meshes/" + mesh)));
            answers.add(as(admin)
                    .body(Map.of("filter", Map.of("nope", 1), "update", Map.of("$rename", Map.of("keep", text))))
                    .patch(api.at("/meshes/" + mesh)));
            answers.add(as(admin)
                    .body(Map.of("username", text, "newPassword", text))
                    .post(api.at("/users")));
            answers.add(given().contentType(ContentType.JSON)
                    .body(Map.of("username", text, "newPassword", text))
                    .post(api.at("/users/register")));
            answers.add(
                    as(admin).body(Map.of("name", text, "description", text)).post(api.at("/roles")));
            answers.add(as(admin)
                    .body(Map.of("permissibleName", text, "read", true))
                    .post(api.at("/roles/" + encoded + "/permissions")));
            answers.add(given().contentType(ContentType.URLENC)
                    .formParam("client_id", text)
                    .formParam("grant_type", "password")
                    .formParam("username", text)
                    .formParam("password", text)
                    .post(api.at("/connect/token")));
            answers.add(given().header("Authorization", "Bearer " + text).get(api.at("/users/me")));
            // Projections: as field names, values and output names in a stored pipeline, and in reads.
            String projection = Api.uniqueLetters("hostile");
            String pipeline = "[{\"$addFields\": {" + json + ": {\"$concat\": [" + json + ", \"$keep\"]}}},"
                    + " {\"$lookup\": {\"from\": \"canary\", \"localField\": " + json
                    + ", \"foreignField\": \"keep\", \"as\": \"joined\"}},"
                    + " {\"$group\": {\"_id\": \"$keep\", \"n\": {\"$sum\": 1}, \"v\": {\"$push\": " + json + "}}},"
                    + " {\"$sort\": {\"n\": -1}}]";
            answers.add(as(admin)
                    .body("{\"name\": \"" + projection + "\", \"mesh\": \"" + mesh + "\", \"pipeline\": " + pipeline
                            + "}")
                    .post(api.at("/projections")));
            answers.add(as(admin).queryParam("filter", "{" + json + ": 1}").get(api.at("/projections/" + projection)));
            answers.add(as(admin).queryParam("orderBy", "{" + json + ": 1}").get(api.at("/projections/" + projection)));
            answers.add(as(admin).get(api.at("/projections/" + encoded)));
            answers.add(as(admin).get(api.at("/projections/" + encoded + "/definition")));
            for (Response answer : answers) {
                String body = answer.asString().toLowerCase(Locale.ROOT);
                if (answer.statusCode() >= 500
                        || body.contains("syntax error")
                        || body.contains("sqlstate")
                        || body.contains("exception")
                        || body.contains("postgres")
                        || body.contains("jsonpath")) {
                    problems.add(text.substring(0, Math.min(40, text.length())) + " -> " + answer.statusCode() + " "
                            + body.substring(0, Math.min(200, body.length())));
                }
            }
        }
        assertEquals(List.of(), problems);
        // Nothing was changed or lost.
        as(admin).get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(1));
        as(admin)
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .body("keep", equalTo("me"))
                .body("n", equalTo(1));
        as(admin).get(api.at("/roles")).then().body("totalRecords", equalTo(3));
        as(admin).queryParam("activeOnly", false).get(api.at("/users")).then().body("totalRecords", equalTo(1));
    }

    @Test
    void deepNestingIsRefusedCleanly() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String deepDocument = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        as(admin).body(deepDocument).post(api.at("/meshes/deep")).then().statusCode(400);
        String deepFilter = "{\"$and\":[".repeat(100) + "{}" + "]}".repeat(100);
        as(admin)
                .queryParam("filter", deepFilter)
                .get(api.at("/meshes/deep"))
                .then()
                .statusCode(400);
        String manyConditions = "{\"$or\":[" + "{\"a\":1},".repeat(2_000) + "{\"a\":2}]}";
        as(admin)
                .queryParam("filter", manyConditions)
                .get(api.at("/meshes/deep"))
                .then()
                .statusCode(lessThan(500));
        as(admin).get(api.at("/meshes/deep")).then().body("totalRecords", equalTo(0));
    }

    @Test
    void aHostileFilterValueIsMatchedLiterally() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        for (String text : HOSTILE) {
            if (text.indexOf('\u0000') >= 0) continue; // PostgreSQL text cannot hold NUL: refused on write
            as(admin)
                    .body(Map.of("v", text))
                    .post(api.at("/meshes/literal"))
                    .then()
                    .statusCode(201);
        }
        for (String text : HOSTILE) {
            if (text.indexOf('\u0000') >= 0) continue;
            Response found = as(admin)
                    .queryParam("filter", "{\"v\": " + quote(text) + "}")
                    .get(api.at("/meshes/literal"));
            found.then().statusCode(200).body("totalRecords", equalTo(1));
            assertEquals(text, found.path("results[0].v"));
        }
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
                    else json.append(c);
                }
            }
        }
        return json.append('"').toString();
    }
}
