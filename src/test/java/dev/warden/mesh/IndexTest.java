package dev.warden.mesh;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.account.Verification;
import dev.warden.index.IndexCatalog;
import dev.warden.index.IndexService;
import dev.warden.query.DeclaredKeys;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.query.Sort;
import dev.warden.query.Sql;
import dev.warden.support.Api;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec §14: declared indexes. Declaring is validated and guarded; the query plans of equality,
 * range, {@code $in} and sort on declared keys use the index; unique indexes refuse duplicates in
 * every write path with nothing written; arrays on keys are refused; a build under write load
 * loses no write.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Api api;
    String admin;

    @BeforeAll
    void account() {
        api = Api.freshAccount(Verification.NONE);
    }

    @BeforeEach
    void signIn() {
        admin = api.admin();
    }

    private io.restassured.response.Response declare(String token, String mesh, Map<String, Object> body) {
        return as(token).body(body).post(api.at("/meshes/" + mesh + "/indexes"));
    }

    private List<String> insert(String mesh, List<Map<String, Object>> documents) {
        return as(admin)
                .body(documents)
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    private int total(String mesh, String filter) {
        return as(admin)
                .queryParam("filter", filter)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .extract()
                .path("totalRecords");
    }

    @Test
    void declaringIsValidatedListedAndDropped() {
        String mesh = Api.uniqueLetters("catalog");
        record Bad(Map<String, Object> body, String message) {}
        List<Bad> bad = List.of(
                new Bad(Map.of("keys", Map.of("a", 1)), "name"),
                new Bad(Map.of("name", "bad name", "keys", Map.of("a", 1)), "name must be"),
                new Bad(Map.of("name", "ix"), "keys is required"),
                new Bad(Map.of("name", "ix", "keys", Map.of()), "keys must be an object"),
                new Bad(Map.of("name", "ix", "keys", List.of("a")), "keys must be an object"),
                new Bad(Map.of("name", "ix", "keys", Map.of("a", 2)), "must be 1 or -1"),
                new Bad(Map.of("name", "ix", "keys", Map.of("a", "asc")), "must be 1 or -1"),
                new Bad(Map.of("name", "ix", "keys", Map.of("_id", 1)), "_id is always indexed"),
                new Bad(Map.of("name", "ix", "keys", Map.of("a'; drop table users; --", 1)), "letters, digits and _"),
                new Bad(Map.of("name", "ix", "keys", Map.of("a.0", 1)), "positional paths"),
                new Bad(Map.of("name", "ix", "keys", Map.of("a", 1), "unique", "yes"), "unique"));
        for (Bad b : bad) {
            declare(admin, mesh, b.body()).then().statusCode(400).body("message", containsString(b.message()));
        }
        declare(admin, mesh, Map.of("name", "byCategory", "keys", Map.of("category", 1, "price", -1)))
                .then()
                .statusCode(201)
                .body("name", equalTo("byCategory"))
                .body("keys.category", equalTo(1))
                .body("keys.price", equalTo(-1))
                .body("unique", equalTo(false));
        declare(admin, mesh, Map.of("name", "byCategory", "keys", Map.of("x", 1)))
                .then()
                .statusCode(400)
                .body("message", containsString("already exists"));
        as(admin)
                .get(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .statusCode(200)
                .body("name", equalTo(List.of("byCategory")));
        as(admin)
                .delete(api.at("/meshes/" + mesh + "/indexes/byCategory"))
                .then()
                .statusCode(204);
        as(admin)
                .delete(api.at("/meshes/" + mesh + "/indexes/byCategory"))
                .then()
                .statusCode(404);
        as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("size()", equalTo(0));
        assertEquals(0L, pgIndexesOn(mesh), "the PostgreSQL index went with the declaration");
    }

    @Test
    void theIndexesPermissionIsRequiredAndSuffices() {
        String mesh = Api.uniqueLetters("guarded");
        Api.Session user = api.user();
        declare(user.token(), mesh, Map.of("name", "ix", "keys", Map.of("a", 1)))
                .then()
                .statusCode(403);
        as(user.token()).get(api.at("/meshes/" + mesh + "/indexes")).then().statusCode(403);
        declare(admin, mesh, Map.of("name", "ix", "keys", Map.of("a", 1)))
                .then()
                .statusCode(201);
        as(user.token())
                .delete(api.at("/meshes/" + mesh + "/indexes/ix"))
                .then()
                .statusCode(403);
        as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("name", equalTo(List.of("ix")));

        String role = api.createRole(admin, Api.uniqueLetters("indexers"));
        api.grant(admin, role, Map.of("permissibleName", "indexes", "create", true, "read", true, "delete", true));
        api.addMember(admin, role, user.id());
        declare(user.token(), mesh, Map.of("name", "other", "keys", Map.of("b", 1)))
                .then()
                .statusCode(201);
        as(user.token())
                .get(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
        as(user.token())
                .delete(api.at("/meshes/" + mesh + "/indexes/ix"))
                .then()
                .statusCode(204);
        // Holding indexes gives nothing on the documents themselves.
        as(user.token()).get(api.at("/meshes/" + mesh)).then().statusCode(403);
    }

    /** The plans PostgreSQL chooses for the statements the compiler writes, read with EXPLAIN. */
    @Test
    void equalityRangeInAndSortOnDeclaredKeysAreServedByTheIndex() {
        String mesh = Api.uniqueLetters("planned");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(Map.of("category", "c" + (i % 100), "price", i, "name", "item " + i));
            if (batch.size() == 500) {
                insert(mesh, batch);
                batch.clear();
            }
        }
        declare(admin, mesh, Map.of("name", "byCategory", "keys", Map.of("category", 1)))
                .then()
                .statusCode(201);
        declare(admin, mesh, Map.of("name", "byPrice", "keys", Map.of("price", 1)))
                .then()
                .statusCode(201);
        Pool pool = Arc.container().instance(Pool.class).get();
        pool.query("analyze documents").execute().await().atMost(Duration.ofSeconds(60));
        String byCategory = pgIndexName(mesh, "byCategory");
        String byPrice = pgIndexName(mesh, "byPrice");
        DeclaredKeys keys = Arc.container()
                .instance(IndexCatalog.class)
                .get()
                .keys(api.account(), mesh)
                .await()
                .atMost(Duration.ofSeconds(10));

        // in index order: no sort of the matches (several values or a range then order by _id do sort them)
        record Case(String filter, String orderBy, String index, boolean inIndexOrder) {}
        List<Case> cases = List.of(
                new Case("{\"category\":\"c7\"}", "{\"_id\":1}", byCategory, true),
                new Case("{\"category\":\"c7\"}", "{\"category\":1}", byCategory, true),
                new Case("{\"category\":{\"$in\":[\"c7\",\"c8\"]}}", "{\"_id\":1}", byCategory, false),
                new Case("{\"price\":{\"$gte\":100,\"$lt\":130}}", "{\"_id\":1}", byPrice, false),
                new Case("{\"price\":{\"$gte\":100,\"$lt\":130}}", "{\"price\":1}", byPrice, true),
                new Case("{\"price\":{\"$in\":[5,6,7]}}", "{\"_id\":1}", byPrice, false),
                new Case("{}", "{\"price\":1}", byPrice, true));
        for (Case c : cases) {
            Filter filter = FilterParser.parse(read(c.filter()));
            Sort sort = Sort.parse(read(c.orderBy()));
            Reach reach = new Reach(api.account(), "", mesh, Optional.empty(), new MeshStore.Owner("test", "user"));
            Sql where = MeshStore.where(reach, filter, keys);
            Sql page = new Sql(new ArrayList<>(where.values()))
                    .append("select d.id from documents d where " + where.text() + " order by ");
            sort.compile("d.data", "d.id", page, keys);
            page.append(" limit 25");
            String pagePlan = plan(pool, page);
            assertTrue(pagePlan.contains(c.index()), c + " page plan:\n" + pagePlan);
            if (c.inIndexOrder()) {
                assertFalse(pagePlan.contains("\"Node Type\": \"Sort\""), c + " page sorts:\n" + pagePlan);
            }
            String countPlan = plan(
                    pool,
                    new Sql(new ArrayList<>(where.values()))
                            .append("select count(*) from documents d where " + where.text()));
            if (!c.filter().equals("{}")) {
                assertTrue(countPlan.contains(c.index()), c + " count plan:\n" + countPlan);
            }
        }
        // The answers over HTTP are the same as without the index would give, counts exact.
        assertEquals(30, total(mesh, "{\"category\":\"c7\"}"));
        assertEquals(30, total(mesh, "{\"price\":{\"$gte\":100,\"$lt\":130}}"));
        assertEquals(90, total(mesh, "{\"category\":{\"$in\":[\"c7\",\"c8\",\"c9\"]}}"));
        List<Integer> prices = as(admin)
                .queryParam("filter", "{\"category\":\"c7\"}")
                .queryParam("orderBy", "{\"price\":-1}")
                .queryParam("pageSize", 3)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .extract()
                .path("results.price");
        assertEquals(List.of(2907, 2807, 2707), prices);
    }

    @Test
    void aUniqueIndexRefusesDuplicatesInEveryWritePathAndWritesNothing() {
        String mesh = Api.uniqueLetters("accounts");
        insert(mesh, List.of(Map.of("email", "a@x", "n", 1), Map.of("email", "b@x", "n", 2)));
        declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", 1), "unique", true))
                .then()
                .statusCode(201);
        String unique = "Unique index byEmail";
        as(admin)
                .body(Map.of("email", "a@x"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString(unique));
        as(admin)
                .body(List.of(Map.of("email", "c@x"), Map.of("email", "d@x"), Map.of("email", "c@x")))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString(unique));
        assertEquals(
                0, total(mesh, "{\"email\":{\"$in\":[\"c@x\",\"d@x\"]}}"), "nothing of the refused batch was written");
        as(admin)
                .body(Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("email", "same@x"))))
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString(unique));
        assertEquals(1, total(mesh, "{\"email\":\"a@x\"}"), "the PATCH changed nothing");
        assertEquals(1, total(mesh, "{\"email\":\"b@x\"}"));
        String b = as(admin)
                .queryParam("filter", "{\"email\":\"b@x\"}")
                .get(api.at("/meshes/" + mesh))
                .then()
                .extract()
                .path("results[0]._id");
        as(admin)
                .body(Map.of("email", "a@x"))
                .put(api.at("/meshes/" + mesh + "/" + b))
                .then()
                .statusCode(400)
                .body("message", containsString(unique));
        as(admin).get(api.at("/meshes/" + mesh + "/" + b)).then().body("email", equalTo("b@x"));
        // A duplicate already stored: a unique index cannot be declared, and nothing is left behind.
        String other = Api.uniqueLetters("dupes");
        insert(other, List.of(Map.of("k", 1), Map.of("k", 1)));
        declare(admin, other, Map.of("name", "byK", "keys", Map.of("k", 1), "unique", true))
                .then()
                .statusCode(400)
                .body("message", containsString("cannot be unique"));
        as(admin).get(api.at("/meshes/" + other + "/indexes")).then().body("size()", equalTo(0));
        assertEquals(0L, pgIndexesOn(other));
    }

    /**
     * An instance or database server that dies while building or dropping an index leaves its row
     * unfinished and maybe its PostgreSQL index, which writes still maintain (and a unique one
     * enforces, unseen in the list). Nobody holds such a build's lease: it is reclaimed at start and
     * when its name is declared or deleted again. A build that holds its lease is left alone.
     */
    @Test
    void anAbandonedBuildIsReclaimedAndALiveOneIsLeftAlone() throws Exception {
        String mesh = Api.uniqueLetters("abandoned");
        insert(mesh, List.of(Map.of("email", "a@x")));
        declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", 1), "unique", true))
                .then()
                .statusCode(201);
        String pgName = pgIndexName(mesh, "byEmail");
        unfinish(pgName);
        as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("size()", equalTo(0));
        as(admin)
                .body(Map.of("email", "a@x"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("Unique index byEmail"));
        IndexService indexes = Arc.container().instance(IndexService.class).get();

        Pool pool = Arc.container().instance(Pool.class).get();
        SqlConnection builder = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            builder.preparedQuery("select pg_advisory_lock(hashtextextended($1, 0))")
                    .execute(Tuple.of(pgName))
                    .await()
                    .atMost(Duration.ofSeconds(10));
            declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", 1)))
                    .then()
                    .statusCode(400)
                    .body("message", containsString("is being built"));
            as(admin)
                    .delete(api.at("/meshes/" + mesh + "/indexes/byEmail"))
                    .then()
                    .statusCode(400)
                    .body("message", containsString("is being built"));
            indexes.reclaimAbandoned().await().atMost(Duration.ofSeconds(30));
            assertEquals(1L, pgIndexesOn(mesh), "a build holding its lease keeps its index");
            assertEquals(pgName, pgIndexName(mesh, "byEmail"));
        } finally {
            builder.close().await().atMost(Duration.ofSeconds(10)); // the session ends: so does its lease
        }

        indexes.reclaimAbandoned().await().atMost(Duration.ofSeconds(30));
        assertEquals(0L, pgIndexesOn(mesh), "the abandoned index was dropped");
        assertEquals(0L, declaredRows(mesh));
        as(admin)
                .body(Map.of("email", "a@x"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        assertEquals(2, total(mesh, "{\"email\":\"a@x\"}"));

        // Declaring the name again reclaims an abandoned build of it, and builds anew.
        declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", 1)))
                .then()
                .statusCode(201);
        String first = pgIndexName(mesh, "byEmail");
        unfinish(first);
        declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", -1)))
                .then()
                .statusCode(201)
                .body("keys.email", equalTo(-1));
        String second = pgIndexName(mesh, "byEmail");
        assertFalse(second.equals(first));
        assertEquals(1L, pgIndexesOn(mesh), "only the new build's index is left");
        as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("name", equalTo(List.of("byEmail")));

        // Deleting it reclaims it as well.
        unfinish(second);
        as(admin).delete(api.at("/meshes/" + mesh + "/indexes/byEmail")).then().statusCode(204);
        assertEquals(0L, pgIndexesOn(mesh));
        assertEquals(0L, declaredRows(mesh));

        // Two deletes of one index at once: one drops it; the other finds nothing (404) or meets the
        // drop under way (400) — never a second drop or a second audit entry.
        declare(admin, mesh, Map.of("name", "byEmail", "keys", Map.of("email", 1)))
                .then()
                .statusCode(201);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> deletes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                deletes.add(both.submit(() -> as(admin)
                        .delete(api.at("/meshes/" + mesh + "/indexes/byEmail"))
                        .statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> delete : deletes) statuses.add(delete.get(60, TimeUnit.SECONDS));
            statuses.sort(null);
            assertEquals(204, statuses.get(0), statuses.toString());
            assertTrue(statuses.get(1) == 404 || statuses.get(1) == 400, statuses.toString());
        } finally {
            both.shutdownNow();
        }
        assertEquals(0L, pgIndexesOn(mesh));
        as(admin)
                .queryParam("action", "index.delete")
                .queryParam("target", mesh + ".byEmail")
                .get(api.at("/audit"))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1));
    }

    /** The state a crash between recording a build (or starting a drop) and finishing it leaves. */
    private void unfinish(String pgName) {
        Arc.container()
                .instance(Pool.class)
                .get()
                .preparedQuery("update mesh_indexes set ready = false where pg_name = $1")
                .execute(Tuple.of(pgName))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private long declaredRows(String mesh) {
        return count(
                "select count(*) from mesh_indexes where account = $1 and mesh = $2", Tuple.of(api.account(), mesh));
    }

    @Test
    void aDeclaredKeyNeverHoldsAnArray() {
        String mesh = Api.uniqueLetters("tagged");
        String kept = as(admin)
                .body(Map.of("tag", "x"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        declare(admin, mesh, Map.of("name", "byTag", "keys", Map.of("tag", 1, "meta.kind", 1)))
                .then()
                .statusCode(201);
        as(admin)
                .body(Map.of("tag", List.of("x", "y")))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("tag is a declared index key"));
        as(admin)
                .body(Map.of("meta", List.of(Map.of("kind", 1))))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("meta.kind"));
        as(admin)
                .body(Map.of("tag", Map.of("nested", 1)))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400);
        as(admin)
                .body(Map.of("filter", Map.of(), "update", Map.of("$set", Map.of("tag", List.of(1)))))
                .patch(api.at("/meshes/" + mesh))
                .then()
                .statusCode(400);
        as(admin).get(api.at("/meshes/" + mesh + "/" + kept)).then().body("tag", equalTo("x"));
        // An array already stored: the index cannot be declared.
        String other = Api.uniqueLetters("arrays");
        insert(other, List.of(Map.of("tag", List.of("a"))));
        declare(admin, other, Map.of("name", "byTag", "keys", Map.of("tag", 1)))
                .then()
                .statusCode(400)
                .body("message", containsString("cannot be built"));
        as(admin).get(api.at("/meshes/" + other + "/indexes")).then().body("size()", equalTo(0));
    }

    /** The build runs while four writers insert: every acknowledged write is there, and found through the index. */
    @Test
    void buildingUnderWriteLoadLosesNoWrite() throws Exception {
        String mesh = Api.uniqueLetters("busy");
        List<Map<String, Object>> seed = new ArrayList<>();
        for (int i = 0; i < 500; i++) seed.add(Map.of("group", "g", "i", i));
        insert(mesh, seed);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            running.add(writers.submit(() -> {
                while (writing.get()) {
                    var answer = as(admin).body(Map.of("group", "g", "i", -1)).post(api.at("/meshes/" + mesh));
                    if (answer.statusCode() == 201) acknowledged.add(answer.path("_id"));
                }
            }));
        }
        try {
            while (acknowledged.size() < 20) Thread.onSpinWait();
            declare(admin, mesh, Map.of("name", "byGroup", "keys", Map.of("group", 1)))
                    .then()
                    .statusCode(201);
            int before = acknowledged.size();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (acknowledged.size() < before + 20 && System.nanoTime() < deadline) Thread.onSpinWait();
        } finally {
            writing.set(false);
            for (Future<?> f : running) f.get();
            writers.shutdown();
        }
        assertTrue(acknowledged.size() > 40, "writers kept writing: " + acknowledged.size());
        assertEquals(500 + acknowledged.size(), total(mesh, "{\"group\":\"g\"}"));
        for (String id : acknowledged) {
            as(admin).get(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(200);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String plan(Pool pool, Sql sql) {
        return pool.preparedQuery("explain (format json) " + sql.text())
                .execute(Tuple.from(sql.values()))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getValue(0)
                .toString()
                .replace("\":\"", "\": \"");
    }

    private String pgIndexName(String mesh, String name) {
        Pool pool = Arc.container().instance(Pool.class).get();
        return pool.preparedQuery("select pg_name from mesh_indexes where account = $1 and mesh = $2 and name = $3")
                .execute(Tuple.of(api.account(), mesh, name))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getString(0);
    }

    private long pgIndexesOn(String mesh) {
        return count(
                "select count(*) from pg_indexes where tablename = 'documents' and indexdef like $1",
                Tuple.of("%mesh = '" + mesh + "'%"));
    }

    private static long count(String sql, Tuple arguments) {
        return Arc.container()
                .instance(Pool.class)
                .get()
                .preparedQuery(sql)
                .execute(arguments)
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }
}
