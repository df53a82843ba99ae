package dev.warden.projection;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Projection definitions and reads over HTTP: who may do what, what comes back, what is refused. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionResourceTest {

    static final List<Map<String, Object>> PEOPLE = List.of(
            Map.of("name", "Ada", "city", "London", "email", "ada@example.com", "salary", 120),
            Map.of("name", "Alan", "city", "London", "email", "alan@example.com", "salary", 100),
            Map.of("name", "Grace", "city", "New York", "email", "grace@example.com", "salary", 130),
            Map.of("name", "Edsger", "city", "Austin", "email", "edsger@example.com", "salary", 90),
            Map.of("name", "Barbara", "city", "Boston", "email", "barbara@example.com", "salary", 110));

    static final List<Map<String, Object>> PUBLIC_FIELDS =
            List.of(Map.of("$project", Map.of("_id", 0, "name", 1, "city", 1)));

    static final List<Map<String, Object>> SALARY_BY_CITY = List.of(
            Map.of(
                    "$group",
                    Map.of("_id", "$city", "total", Map.of("$sum", "$salary"), "people", Map.of("$count", Map.of()))),
            Map.of("$sort", Map.of("total", -1)));

    @Inject
    Pool pool;

    Api api;
    String admin;

    @BeforeEach
    void account() {
        if (api != null) {
            return;
        }
        api = Api.freshAccount(Verification.NONE);
        admin = api.admin();
        as(admin).body(PEOPLE).post(api.at("/meshes/people")).then().statusCode(201);
        define("publicPeople", "people", PUBLIC_FIELDS);
        define("salaryByCity", "people", SALARY_BY_CITY);
    }

    void define(String name, String mesh, Object pipeline) {
        as(admin)
                .body(Map.of("name", name, "mesh", mesh, "description", "test projection", "pipeline", pipeline))
                .post(api.at("/projections"))
                .then()
                .statusCode(201)
                .body("name", equalTo(name))
                .body("mesh", equalTo(mesh));
    }

    /** A new user whose only permission is {@code permission}, through a custom role. */
    Api.Session userWith(Map<String, Object> permission) {
        String role = api.createRole(admin, Api.uniqueLetters("readers"));
        api.grant(admin, role, permission);
        Api.Session user = api.user();
        api.addMember(admin, role, user.id());
        return user;
    }

    @Test
    void aUserWithOnlyReadOnAProjectionSeesItsFieldsAndNothingElse() {
        Api.Session reader = userWith(Map.of("permissibleName", "projections.publicPeople", "read", true));
        List<Map<String, Object>> results = reader.request()
                .queryParam("orderBy", "{\"name\":1}")
                .get(api.at("/projections/publicPeople"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(5))
                .body("results.name", contains("Ada", "Alan", "Barbara", "Edsger", "Grace"))
                .extract()
                .path("results");
        for (Map<String, Object> person : results) {
            assertEquals(Set.of("name", "city"), person.keySet(), "only the projected fields: " + person);
        }
        String someone = as(admin)
                .get(api.at("/meshes/people"))
                .then()
                .statusCode(200)
                .extract()
                .path("results[0]._id");

        record Denied(String method, String path, Object body) {}
        List<Denied> denied = List.of(
                new Denied("GET", "/meshes/people", null),
                new Denied("GET", "/meshes/people/" + someone, null),
                new Denied("GET", "/projections/salaryByCity", null),
                new Denied("POST", "/projections", Map.of("name", "mine", "mesh", "people", "pipeline", List.of())),
                new Denied("GET", "/projections/publicPeople/definition", null),
                new Denied(
                        "PUT", "/projections/publicPeople/definition", Map.of("mesh", "people", "pipeline", List.of())),
                new Denied("DELETE", "/projections/publicPeople/definition", null));
        List<String> wrong = new ArrayList<>();
        for (Denied d : denied) {
            var request = reader.request();
            if (d.body() != null) request = request.body(d.body());
            int status = request.request(d.method(), api.at(d.path())).statusCode();
            if (status != 403) wrong.add(d.method() + " " + d.path() + " -> " + status);
        }
        assertEquals(List.of(), wrong);
        // Nothing the denied requests asked for happened.
        as(admin).get(api.at("/projections/mine/definition")).then().statusCode(404);
        as(admin)
                .get(api.at("/projections/publicPeople/definition"))
                .then()
                .statusCode(200)
                .body("pipeline[0].$project.name", equalTo(1));
    }

    @Test
    void broadReadOnProjectionsCoversEveryProjectionButNoMesh() {
        Api.Session reader = userWith(Map.of("permissibleName", "projections", "read", true));
        reader.request().get(api.at("/projections/publicPeople")).then().statusCode(200);
        reader.request().get(api.at("/projections/salaryByCity")).then().statusCode(200);
        reader.request().get(api.at("/meshes/people")).then().statusCode(403);
        reader.request()
                .get(api.at("/projections/publicPeople/definition"))
                .then()
                .statusCode(403);
    }

    @Test
    void groupedTotalsComeBackSortedFilteredAndPaged() {
        as(admin)
                .get(api.at("/projections/salaryByCity"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(4))
                .body("results._id", contains("London", "New York", "Boston", "Austin"))
                .body("results.total", contains(220, 130, 110, 90))
                .body("results.people", contains(2, 1, 1, 1));
        as(admin)
                .queryParam("filter", "{\"total\":{\"$lt\":200}}")
                .queryParam("orderBy", "{\"_id\":1}")
                .queryParam("page", 2)
                .queryParam("pageSize", 2)
                .get(api.at("/projections/salaryByCity"))
                .then()
                .statusCode(200)
                .body("page", equalTo(2))
                .body("pageSize", equalTo(2))
                .body("totalRecords", equalTo(3))
                .body("results._id", contains("New York"));
    }

    @Test
    void aDefinitionCanBeReadReplacedAndDeleted() {
        define("cities", "people", List.of(Map.of("$sortByCount", "$city")));
        as(admin)
                .get(api.at("/projections/cities/definition"))
                .then()
                .statusCode(200)
                .body("name", equalTo("cities"))
                .body("mesh", equalTo("people"))
                .body("description", equalTo("test projection"))
                .body("pipeline[0].$sortByCount", equalTo("$city"));
        as(admin)
                .get(api.at("/projections/cities"))
                .then()
                .statusCode(200)
                .body("results[0]", equalTo(Map.of("_id", "London", "count", 2)));
        as(admin)
                .body(Map.of("name", "cities", "mesh", "people", "pipeline", PUBLIC_FIELDS))
                .post(api.at("/projections"))
                .then()
                .statusCode(400)
                .body("message", containsString("already exists"));

        as(admin)
                .body(Map.of(
                        "mesh",
                        "people",
                        "description",
                        "upper-case names",
                        "pipeline",
                        List.of(Map.of("$project", Map.of("_id", 0, "shout", Map.of("$toUpper", "$name"))))))
                .put(api.at("/projections/cities/definition"))
                .then()
                .statusCode(200)
                .body("description", equalTo("upper-case names"));
        // The next read runs the new pipeline, not the one compiled before.
        as(admin)
                .queryParam("orderBy", "{\"shout\":1}")
                .queryParam("pageSize", 1)
                .get(api.at("/projections/cities"))
                .then()
                .statusCode(200)
                .body("results", contains(Map.of("shout", "ADA")));

        as(admin).delete(api.at("/projections/cities/definition")).then().statusCode(204);
        as(admin).get(api.at("/projections/cities")).then().statusCode(404);
        as(admin).get(api.at("/projections/cities/definition")).then().statusCode(404);
        as(admin).delete(api.at("/projections/cities/definition")).then().statusCode(404);
        as(admin)
                .body(Map.of("mesh", "people", "pipeline", List.of()))
                .put(api.at("/projections/cities/definition"))
                .then()
                .statusCode(404);
    }

    @Test
    void keyOrderInAStoredPipelineIsKept() {
        // {"$sort": {"city": 1, "salary": -1}} and {"$sort": {"salary": -1, "city": 1}} differ.
        String pipeline =
                "[{\"$sort\": {\"city\": 1, \"salary\": -1}}," + " {\"$project\": {\"_id\": 0, \"name\": 1}}]";
        as(admin)
                .body("{\"name\": \"ordered\", \"mesh\": \"people\", \"pipeline\": " + pipeline + "}")
                .post(api.at("/projections"))
                .then()
                .statusCode(201);
        String stored = as(admin)
                .get(api.at("/projections/ordered/definition"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(stored.indexOf("\"city\"") < stored.indexOf("\"salary\""), stored);
        as(admin)
                .get(api.at("/projections/ordered"))
                .then()
                .statusCode(200)
                .body("results.name", contains("Edsger", "Barbara", "Ada", "Alan", "Grace"));
    }

    @Test
    void aChangeMadeElsewhereIsSeenByTheNextRead() {
        define("changing", "people", List.of(Map.of("$count", "before")));
        as(admin).get(api.at("/projections/changing")).then().body("results[0].before", equalTo(5));
        // As another instance would: straight to the table, this instance's compiled copy untouched.
        pool.preparedQuery("update projections set pipeline = $3::text::json, version = nextval('projection_versions')"
                        + " where account = $1 and name = $2")
                .execute(Tuple.of(api.account(), "changing", "[{\"$count\": \"after\"}]"))
                .await()
                .atMost(Duration.ofSeconds(10));
        as(admin).get(api.at("/projections/changing")).then().body("results[0].after", equalTo(5));
    }

    @Test
    void theyAppearAmongThePermissibles() {
        as(admin)
                .get(api.at("/permissibles?name=projections.&pageSize=200"))
                .then()
                .statusCode(200)
                .body("results.name", hasItem("projections.publicPeople"))
                .body("results.name", hasItem("projections.salaryByCity"))
                .body("results.find { it.name == 'projections.publicPeople' }.canRead", equalTo(true))
                .body("results.find { it.name == 'projections.publicPeople' }.canCreate", equalTo(false));
    }

    record Invalid(String label, Object body, String message) {}

    @Test
    void invalidDefinitionsAreRefusedNamingTheProblemAndNothingIsStored() {
        List<Invalid> cases = List.of(
                new Invalid("no name", Map.of("mesh", "people", "pipeline", List.of()), "name is required"),
                new Invalid("bad name", body("has space", PUBLIC_FIELDS), "alpha characters only"),
                new Invalid("no mesh", Map.of("name", "nomesh", "pipeline", List.of()), "mesh is required"),
                new Invalid("bad mesh", Map.of("name", "badmesh", "mesh", "pe-ople", "pipeline", List.of()), "mesh"),
                new Invalid("no pipeline", Map.of("name", "nopipeline", "mesh", "people"), "pipeline is required"),
                new Invalid("pipeline not array", body("notarray", Map.of("$match", Map.of())), "JSON array"),
                new Invalid("unknown stage", body("unknownstage", List.of(Map.of("$out", "x"))), "Stage 1 ($out)"),
                new Invalid(
                        "two operators in a stage",
                        body("twostages", List.of(Map.of("$limit", 1, "$skip", 1))),
                        "exactly one stage operator"),
                new Invalid(
                        "unknown expression operator",
                        body("unknownop", List.of(Map.of("$project", Map.of("x", Map.of("$frobnicate", 1))))),
                        "$frobnicate"),
                new Invalid(
                        "unknown accumulator",
                        body(
                                "unknownacc",
                                List.of(Map.of("$group", Map.of("_id", "$city", "n", Map.of("$median", 1))))),
                        "$median"),
                new Invalid(
                        "group without _id",
                        body("noid", List.of(Map.of("$group", Map.of("n", Map.of("$sum", 1))))),
                        "_id is required"),
                new Invalid(
                        "unknown filter operator",
                        body("badmatch", List.of(Map.of("$match", Map.of("x", Map.of("$where", "1"))))),
                        "$where"),
                new Invalid("negative limit", body("neglimit", List.of(Map.of("$limit", -1))), "Stage 1 ($limit)"),
                new Invalid(
                        "mixed projection",
                        body("mixed", List.of(Map.of("$project", Map.of("a", 1, "b", 0)))),
                        "cannot mix"),
                new Invalid(
                        "wrong arity",
                        body("arity", List.of(Map.of("$project", Map.of("x", Map.of("$divide", List.of(1)))))),
                        "$divide takes 2"),
                new Invalid(
                        "unknown variable",
                        body("variable", List.of(Map.of("$project", Map.of("x", "$$NOW")))),
                        "$$NOW"),
                new Invalid(
                        "lookup pipeline form",
                        body(
                                "lookupform",
                                List.of(Map.of("$lookup", Map.of("from", "people", "pipeline", List.of(), "as", "x")))),
                        "from, localField, foreignField and as"),
                new Invalid(
                        "second stage named",
                        body("second", List.of(Map.of("$limit", 5), Map.of("$sort", Map.of("x", 2)))),
                        "Stage 2 ($sort)"));
        List<String> wrong = new ArrayList<>();
        for (Invalid c : cases) {
            var response = as(admin).body(c.body()).post(api.at("/projections"));
            String message = response.jsonPath().getString("message");
            if (response.statusCode() != 400 || message == null || !message.contains(c.message())) {
                wrong.add(c.label() + " -> " + response.statusCode() + " " + response.asString());
            }
        }
        assertEquals(List.of(), wrong);
        as(admin)
                .get(api.at("/permissibles?name=projections.&pageSize=200"))
                .then()
                .body("results.name", everyItem(not(containsString("unknown"))))
                .body("results.name", not(hasItem("projections.second")));
    }

    static Map<String, Object> body(String name, Object pipeline) {
        return Map.of("name", name, "mesh", "people", "pipeline", pipeline);
    }

    @Test
    void badReadsAreClearErrors() {
        as(admin).get(api.at("/projections/nothingHere")).then().statusCode(404);
        as(admin)
                .get(api.at("/projections/bad1name"))
                .then()
                .statusCode(400)
                .body("message", containsString("alpha characters only"));
        as(admin)
                .queryParam("filter", "{\"name\":{\"$bogus\":1}}")
                .get(api.at("/projections/publicPeople"))
                .then()
                .statusCode(400)
                .body("message", containsString("$bogus"));
        as(admin)
                .queryParam("orderBy", "{\"name\":0}")
                .get(api.at("/projections/publicPeople"))
                .then()
                .statusCode(400);
        // A pipeline valid when saved can still meet data it cannot compute: 400 naming the operator.
        define("broken", "people", List.of(Map.of("$project", Map.of("x", Map.of("$multiply", List.of("$name", 2))))));
        as(admin)
                .get(api.at("/projections/broken"))
                .then()
                .statusCode(400)
                .body("message", containsString("$multiply supports only numbers"));
    }

    @Test
    void lookupJoinsAnotherMeshOfTheSameAccount() {
        as(admin)
                .body(List.of(
                        Map.of("city", "London", "country", "UK"),
                        Map.of("city", "Boston", "country", "US"),
                        Map.of("city", "Austin", "country", "US")))
                .post(api.at("/meshes/cities"))
                .then()
                .statusCode(201);
        define(
                "withCountry",
                "people",
                List.of(
                        Map.of(
                                "$lookup",
                                Map.of("from", "cities", "localField", "city", "foreignField", "city", "as", "place")),
                        Map.of("$unwind", Map.of("path", "$place", "preserveNullAndEmptyArrays", true)),
                        Map.of(
                                "$project",
                                Map.of(
                                        "_id",
                                        0,
                                        "name",
                                        1,
                                        "country",
                                        Map.of("$ifNull", List.of("$place.country", "?"))))));
        as(admin)
                .queryParam("orderBy", "{\"name\":1}")
                .get(api.at("/projections/withCountry"))
                .then()
                .statusCode(200)
                .body("results.country", contains("UK", "UK", "US", "US", "?"))
                .body("results.name", containsInAnyOrder("Ada", "Alan", "Barbara", "Edsger", "Grace"));
    }
}
