package dev.warden.mesh;

import static dev.warden.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every mesh endpoint: success, the spec's errors, and reading back what was written. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshResourceTest {

    Api api;
    String admin;

    @BeforeEach
    void account() {
        if (api == null) {
            api = Api.freshAccount(Verification.NONE);
            admin = api.admin();
        }
    }

    RequestSpecification asAdmin() {
        return as(admin);
    }

    String mesh() {
        return Api.uniqueLetters("notes");
    }

    @Test
    void createGetReplaceDelete() {
        String mesh = mesh();
        String id = asAdmin()
                .body(Map.of("title", "first", "n", 1, "nested", Map.of("ok", true)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .body("_id", matchesPattern("^[0-9a-f]{24}$"))
                .body("title", equalTo("first"))
                .body("nested.ok", is(true))
                .extract()
                .path("_id");
        asAdmin()
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(200)
                .body("_id", equalTo(id))
                .body("n", equalTo(1));
        asAdmin()
                .body(Map.of("_id", "ffffffffffffffffffffffff", "title", "second"))
                .put(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(200)
                .body("_id", equalTo(id))
                .body("title", equalTo("second"))
                .body("n", nullValue());
        asAdmin()
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .body("title", equalTo("second"))
                .body("n", nullValue());
        asAdmin().delete(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(204);
        asAdmin()
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(404)
                .body("message", equalTo("Document not found"));
        asAdmin().delete(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(404);
        asAdmin()
                .body(Map.of("a", 1))
                .put(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(404);
    }

    @Test
    void aGivenIdIsHonouredAndADuplicateIs400() {
        String mesh = mesh();
        String id = "0123456789abcdef01234567";
        asAdmin()
                .body(Map.of("_id", id, "v", 1))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .body("_id", equalTo(id));
        asAdmin()
                .body(Map.of("_id", id, "v", 2))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", equalTo("Mesh already exists for provided id"));
        asAdmin().get(api.at("/meshes/" + mesh + "/" + id)).then().body("v", equalTo(1));
        asAdmin()
                .body(Map.of("_id", "not-hex"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("_id"));
    }

    @Test
    void bulkCreateIsAllOrNothing() {
        String mesh = mesh();
        asAdmin()
                .body(List.of(Map.of("i", 1), Map.of("i", 2), Map.of("i", 3)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .body("createdCount", equalTo(3))
                .body("createdData.i", contains(1, 2, 3));
        asAdmin()
                .body(List.of(Map.of("i", 4), Map.of("$bad", 5)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("Item 1"));
        String id = "aaaaaaaaaaaaaaaaaaaaaaaa";
        asAdmin()
                .body(List.of(Map.of("_id", id, "i", 5), Map.of("_id", id, "i", 6)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400);
        asAdmin().body(List.of()).post(api.at("/meshes/" + mesh)).then().statusCode(400);
        asAdmin().get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(3));
    }

    @Test
    void propertyRulesHoldAtEveryDepth() {
        String mesh = mesh();
        for (String body : List.of(
                "{\"$set\": 1}",
                "{\"a.b\": 1}",
                "{\"ok\": {\"deep\": {\"$x\": 1}}}",
                "{\"list\": [{\"a.b\": 1}]}",
                "{\"nul\": \"a\\u0000b\"}",
                "[1, 2]",
                "\"text\"",
                "{bad json")) {
            asAdmin().body(body).post(api.at("/meshes/" + mesh)).then().statusCode(400);
        }
        asAdmin().get(api.at("/meshes/" + mesh)).then().statusCode(200).body("totalRecords", equalTo(0));
        asAdmin()
                .body(Map.of("a", 1))
                .post(api.at("/meshes/bad1"))
                .then()
                .statusCode(400)
                .body("message", equalTo("Mesh name is invalid and must be alpha characters only"));
        asAdmin()
                .body(Map.of("a", 1))
                .post(api.at("/meshes/under_score"))
                .then()
                .statusCode(400);
    }

    @Test
    void searchFiltersSortsAndPages() {
        String mesh = mesh();
        asAdmin()
                .body(List.of(
                        Map.of("name", "ann", "age", 31, "tags", List.of("a", "b")),
                        Map.of("name", "bob", "age", 25, "tags", List.of("b")),
                        Map.of("name", "cid", "age", 40),
                        Map.of("name", "dee", "age", 25)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        asAdmin()
                .queryParam("filter", "{\"age\": 25}")
                .queryParam("orderBy", "{\"name\": -1}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("results.name", contains("dee", "bob"))
                .body("totalRecords", equalTo(2))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(25));
        // The C# SDK writes relaxed JSON and lower-case parameter names.
        asAdmin()
                .queryParam("filter", "{tags: 'b', age: {$gt: 24}}")
                .queryParam("orderby", "{age: 1, name: 1}")
                .queryParam("pagesize", 1)
                .queryParam("page", 2)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("results.name", contains("ann"))
                .body("totalRecords", equalTo(2));
        asAdmin()
                .queryParam("filter", "{\"$or\": [{\"name\": {\"$regex\": \"^c\"}}, {\"age\": {\"$gte\": 31}}]}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .body("results.name", contains("ann", "cid"));
        asAdmin()
                .queryParam("pageSize", 1000)
                .get(api.at("/meshes/" + mesh))
                .then()
                .body("pageSize", equalTo(200));
    }

    @Test
    void badFiltersAndSortsAre400NamingTheProblem() {
        String mesh = mesh();
        // A string for $regex to meet: PostgreSQL refuses a bad pattern when it plans the statement with it
        // or applies it, and a statement planned once without the value (a generic plan) only applies it.
        asAdmin()
                .body(Map.of("a", "text"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        Map<String, String> cases = Map.of(
                "{\"a\": {\"$where\": \"1\"}}", "Unknown operator $where",
                "{\"$expr\": {}}", "Unknown top-level operator $expr",
                "{\"a\": {\"$gt\": 1, \"b\": 2}}", "mixes operators",
                "{\"a\": {\"$in\": 5}}", "$in needs an array",
                "{\"$or\": []}", "$or needs a non-empty array",
                "{\"a\": {\"$regex\": \"(\"}}", "Invalid regular expression",
                "{\"a\": {\"$size\": -1}}", "$size",
                "not json", "filter is not valid JSON",
                "[1]", "filter must be a JSON object");
        cases.forEach((filter, message) -> asAdmin()
                .queryParam("filter", filter)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString(message)));
        asAdmin()
                .queryParam("orderBy", "{\"a\": 2}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400);
        asAdmin()
                .queryParam("orderBy", "{\"a.0\": 1}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("positional"));
    }

    @Test
    void patchUpdatesMatchesAndCountsWhatChanged() {
        String mesh = mesh();
        asAdmin()
                .body(List.of(Map.of("k", "x", "n", 1), Map.of("k", "x", "n", 5), Map.of("k", "y", "n", 1)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        asAdmin()
                .body(Map.of(
                        "filter",
                        Map.of("k", "x"),
                        "update",
                        Map.of("$inc", Map.of("n", 1), "$set", Map.of("seen", true))))
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("isAcknowledged", is(true))
                .body("isModifiedCountAvailable", is(true))
                .body("matchedCount", equalTo(2))
                .body("modifiedCount", equalTo(2))
                .body("upsertedId", nullValue());
        asAdmin()
                .queryParam("filter", "{\"k\": \"x\"}")
                .queryParam("orderBy", "{\"n\": 1}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .body("results.n", contains(2, 6))
                .body("results.seen", contains(true, true));
        // Filter and update as JSON strings, keys in PascalCase, as the C# SDK sends them.
        asAdmin()
                .body(Map.of("Filter", "{\"k\": \"y\"}", "Update", "{\"$max\": {\"n\": 0}}"))
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("matchedCount", equalTo(1))
                .body("modifiedCount", equalTo(0));
    }

    @Test
    void patchErrorsChangeNothing() {
        String mesh = mesh();
        asAdmin()
                .body(List.of(Map.of("n", 1), Map.of("n", "text")))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        asAdmin()
                .body(Map.of("filter", Map.of(), "update", Map.of("$inc", Map.of("n", 1))))
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("non-numeric"));
        asAdmin()
                .queryParam("orderBy", "{\"n\": 1}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .body("results.n", contains(1, "text"));
        Map<Object, String> bad = Map.of(
                Map.of("update", Map.of("$set", Map.of("a", 1))), "filter is required",
                Map.of("filter", Map.of()), "update is required",
                Map.of("filter", Map.of(), "update", Map.of("a", 1)), "must use operators",
                Map.of("filter", Map.of(), "update", Map.of("$bogus", Map.of("a", 1))), "Unknown update operator",
                Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("_id", "x"))), "_id cannot be changed",
                Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("a", Map.of("$b", 1)))),
                        "may not start with $",
                Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("a", 1), "$inc", Map.of("a.b", 1))),
                        "conflict");
        bad.forEach((body, message) -> asAdmin()
                .body(body)
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString(message)));
    }

    @Test
    void deleteManyNeedsAFilter() {
        String mesh = mesh();
        asAdmin()
                .body(List.of(Map.of("k", 1), Map.of("k", 1), Map.of("k", 2)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        asAdmin()
                .delete(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", equalTo("filter is required"));
        asAdmin()
                .queryParam("filter", "{\"k\": 1}")
                .delete(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("deletedCount", equalTo(2))
                .body("isAcknowledged", is(true));
        asAdmin().get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(1));
    }

    @Test
    void meshesAppearAsPermissiblesOnceTheyHoldADocument() {
        String mesh = mesh();
        asAdmin()
                .get(api.at("/permissibles"))
                .then()
                .body("results.name", org.hamcrest.Matchers.not(hasItem("meshes." + mesh)));
        asAdmin().body(Map.of("a", 1)).post(api.at("/meshes/" + mesh)).then().statusCode(201);
        asAdmin()
                .queryParam("name", mesh)
                .get(api.at("/permissibles"))
                .then()
                .body("results.name", hasItem("meshes." + mesh));
    }

    @Test
    void meshesNeedPermissionAndAToken() {
        String mesh = mesh();
        Api.Session user = api.user();
        String id = asAdmin()
                .body(Map.of("secret", 1))
                .post(api.at("/meshes/" + mesh))
                .then()
                .extract()
                .path("_id");
        given().get(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(401);
        as(user.token())
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(403)
                .body("message", equalTo("insufficient permission to read meshes." + mesh));
        as(user.token())
                .queryParam("filter", "{}")
                .delete(api.at("/meshes/" + mesh))
                .then()
                .statusCode(403);
        asAdmin().get(api.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(1));
    }

    @Test
    void accountsNeverSeeEachOthersDocuments() {
        String mesh = mesh();
        Api other = Api.freshAccount(Verification.NONE);
        String id = asAdmin()
                .body(Map.of("mine", true))
                .post(api.at("/meshes/" + mesh))
                .then()
                .extract()
                .path("_id");
        as(other.admin()).get(other.at("/meshes/" + mesh + "/" + id)).then().statusCode(404);
        as(other.admin()).get(other.at("/meshes/" + mesh)).then().body("totalRecords", equalTo(0));
    }
}
