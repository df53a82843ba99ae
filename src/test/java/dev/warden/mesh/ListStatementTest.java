package dev.warden.mesh;

import static dev.warden.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.account.Verification;
import dev.warden.api.PageRequest;
import dev.warden.query.DeclaredKeys;
import dev.warden.query.FilterParser;
import dev.warden.query.Sort;
import dev.warden.query.Sql;
import dev.warden.support.Api;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The list statement renders a document's text only for the page's rows. When the planner sorts
 * the matches (a bitmap scan, then a top-N sort), text rendered beside the sort key was made for
 * every match: with 2,000 matches of 1 KB that was most of a list's time, and it made own-scoped
 * lists five times slower than the same list with scope all once the statistics chose that plan.
 */
@QuarkusTest
class ListStatementTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSortedPageRendersTheTextOfItsOwnRowsOnly() throws Exception {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String mesh = Api.uniqueLetters("sorted");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) batch.add(Map.of("category", "c" + (i % 4), "n", i));
        as(admin).body(batch).post(api.at("/meshes/" + mesh)).then().statusCode(201);

        Reach everyone = new Reach(api.account(), "", mesh, Optional.empty(), new MeshStore.Owner("test", "user"));
        Reach owned = new Reach(
                api.account(),
                "",
                mesh,
                Optional.of(new MeshStore.Owner("0123456789abcdef01234567", "user")),
                new MeshStore.Owner("test", "user"));
        for (Reach reach : List.of(everyone, owned)) {
            Sql statement = MeshStore.listStatement(
                    reach,
                    FilterParser.parse(JSON.readTree("{\"category\":\"c1\"}")),
                    Sort.parse(JSON.readTree("{\"n\":-1}")),
                    new PageRequest(1, 5),
                    DeclaredKeys.NONE);
            JsonNode plan = sortingPlan(statement);
            List<JsonNode> sorts = new ArrayList<>();
            collect(plan, "Sort", sorts);
            assertEquals(1, sorts.size(), "the page sorts its matches:\n" + plan.toPrettyString());
            String sorted = sorts.get(0).path("Output").toString();
            assertFalse(sorted.contains("substr"), "text rendered below the sort:\n" + plan.toPrettyString());
        }
        // And the answer is the page, in order.
        List<Integer> page = as(admin)
                .queryParam("filter", "{\"category\":\"c1\"}")
                .queryParam("orderBy", "{\"n\":-1}")
                .queryParam("pageSize", 5)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .extract()
                .path("results.n");
        assertEquals(List.of(397, 393, 389, 385, 381), page);
    }

    /** The statement's plan with index walks switched off, so the page must sort its matches. */
    private static JsonNode sortingPlan(Sql statement) throws Exception {
        Pool pool = Arc.container().instance(Pool.class).get();
        String json = pool.withTransaction(connection -> connection
                        .query("set local enable_indexscan = off")
                        .execute()
                        .flatMap(ignored -> connection
                                .preparedQuery("explain (verbose, format json) " + statement.text())
                                .execute(Tuple.from(statement.values()))))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getValue(0)
                .toString();
        return JSON.readTree(json);
    }

    private static void collect(JsonNode node, String type, List<JsonNode> found) {
        if (node.isObject() && type.equals(node.path("Node Type").asText())) found.add(node);
        node.forEach(child -> collect(child, type, found));
    }
}
