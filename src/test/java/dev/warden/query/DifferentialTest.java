package dev.warden.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Thousands of seeded, generated filters (with sorts) and updates, run both through PostgreSQL as
 * compiled SQL and through the in-memory {@link Reference}; the answers must be identical, order
 * included. A failure prints the seed, the filter and both answers.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialTest {

    static final long SEED = Long.getLong("differential.seed", 20261123L);
    static final int DOCUMENTS = 240;
    static final int FILTERS = Integer.getInteger("differential.filters", 6000);
    static final int UPDATES = Integer.getInteger("differential.updates", 1500);
    static final ObjectMapper MAPPER =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Inject
    Pool pool;

    String account;
    final String mesh = "differential";
    final List<ObjectNode> documents = new ArrayList<>();

    @BeforeEach
    void load() {
        if (account != null) {
            return;
        }
        account = Api.freshAccount(Verification.NONE).account();
        Generators generate = new Generators(SEED);
        for (int i = 0; i < DOCUMENTS; i++) {
            documents.add(generate.document(i));
        }
        insert(pool, account, mesh, documents);
    }

    /** Stores generated documents directly, as Warden stores them: {@code _id} in its column, the rest as data. */
    static void insert(Pool pool, String account, String mesh, List<ObjectNode> documents) {
        List<Tuple> rows = new ArrayList<>();
        for (ObjectNode document : documents) {
            ObjectNode data = document.deepCopy();
            data.remove("_id");
            rows.add(Tuple.of(account, mesh, document.get("_id").textValue(), data.toString()));
        }
        pool.preparedQuery("insert into documents (account, mesh, id, data) values ($1, $2, $3, $4::text::jsonb)")
                .executeBatch(rows)
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    @Test
    void generatedFiltersAndSortsAgreeWithTheReference() {
        filtersAndSortsAgree(DeclaredKeys.NONE);
    }

    /**
     * Spec §14: with an index declared (through the API) on the scalar fields, conditions and sorts
     * on them compile to the index's columns, and every result is still the reference's.
     */
    @Test
    void generatedFiltersAndSortsAgreeWithTheReferenceOnDeclaredKeys() {
        Api api = Api.of(account, account + "-client");
        Api.as(api.admin())
                .body(java.util.Map.of("name", "scalars", "keys", java.util.Map.of("n", 1, "s", -1, "b", 1)))
                .post(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .statusCode(201);
        filtersAndSortsAgree(DeclaredKeys.of(List.of("n", "s", "b")));
    }

    private void filtersAndSortsAgree(DeclaredKeys keys) {
        Generators generate = new Generators(SEED + 1);
        List<String> failures = new ArrayList<>();
        int matchedSomething = 0;
        for (int i = 0; i < FILTERS && failures.size() < 5; i++) {
            JsonNode filterJson = generate.filter(0);
            JsonNode sortJson = generate.sort();
            Filter filter = FilterParser.parse(filterJson);
            Sort sort = Sort.parse(sortJson);

            List<String> expected = documents.stream()
                    .filter(d -> Reference.matches(filter, d))
                    .sorted(Reference.comparator(sort))
                    .map(d -> d.get("_id").textValue())
                    .collect(Collectors.toList());
            Sql sql = new Sql()
                    .append("select d.id from documents d where d.account = ")
                    .bind(account)
                    .append(" and d.mesh = ")
                    .bind(mesh)
                    .append(" and ");
            FilterCompiler.compile(filter, "d.data", "d.id", sql, keys);
            sql.append(" order by ");
            sort.compile("d.data", "d.id", sql, keys);
            List<String> actual = ids(sql);
            if (!expected.isEmpty()) matchedSomething++;
            if (!expected.equals(actual)) {
                failures.add("#" + i + " filter " + filterJson + " sort " + sortJson + "\n  reference " + expected
                        + "\n  postgres  " + actual);
            }
        }
        assertEquals(List.of(), failures, "seed " + SEED);
        assertTrue(matchedSomething > FILTERS / 4, "generated filters should often match: " + matchedSomething);
    }

    @Test
    void generatedUpdatesAgreeWithTheReference() {
        Generators generate = new Generators(SEED + 2);
        List<String> failures = new ArrayList<>();
        int applied = 0;
        for (int i = 0; i < UPDATES && failures.size() < 5; i++) {
            JsonNode updateJson = generate.update();
            Update update;
            try {
                update = Update.parse(updateJson);
            } catch (QueryException conflicting) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            String expectedError = null;
            for (ObjectNode document : documents) {
                try {
                    ObjectNode data = Reference.apply(update, document);
                    data.remove("_id");
                    expected.add(document.get("_id").textValue() + " " + canonical(data));
                } catch (Reference.UpdateError e) {
                    expectedError = e.getMessage();
                    break;
                }
            }
            Sql sql = new Sql().append("select d.id, ");
            Sql steps = new Sql(sql.values());
            String result = update.compile("d.data", steps);
            sql.append(result + "::text from documents d" + steps.text() + " where d.account = ")
                    .bind(account)
                    .append(" and d.mesh = ")
                    .bind(mesh)
                    .append(" order by d.id");
            List<String> actual = new ArrayList<>();
            String actualError = null;
            try {
                for (Row row : rows(sql)) {
                    actual.add(row.getString(0) + " " + canonical(parse(row.getString(1))));
                }
            } catch (PgException e) {
                assertEquals("WD001", e.getSqlState(), e.getMessage());
                actualError = e.getErrorMessage();
            }
            if ((expectedError == null) != (actualError == null)
                    || (expectedError == null && !expected.equals(actual))) {
                failures.add("#" + i + " update " + updateJson + "\n  reference "
                        + (expectedError != null ? "error " + expectedError : firstDifference(expected, actual))
                        + "\n  postgres  " + (actualError != null ? "error " + actualError : ""));
            } else if (expectedError == null) {
                applied++;
            }
        }
        assertEquals(List.of(), failures, "seed " + SEED);
        assertTrue(applied > UPDATES / 4, "generated updates should often apply: " + applied);
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) return expected.get(i) + "\n  vs        " + actual.get(i);
        }
        return expected.size() + " documents vs " + actual.size();
    }

    private List<String> ids(Sql sql) {
        List<String> ids = new ArrayList<>();
        rows(sql).forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private io.vertx.mutiny.sqlclient.RowSet<Row> rows(Sql sql) {
        return pool.preparedQuery(sql.text())
                .execute(Tuple.from(sql.values()))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key order and number spelling normalised, so equal documents print alike. */
    static String canonical(JsonNode node) {
        return canonical(node, MathContext.UNLIMITED);
    }

    /** As {@link #canonical(JsonNode)}, numbers rounded to {@code precision}. */
    static String canonical(JsonNode node, MathContext precision) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            return names.stream()
                    .map(n -> "\"" + n + "\":" + canonical(node.get(n), precision))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item, precision)));
            return "[" + String.join(",", items) + "]";
        }
        if (node.isNumber()) {
            return node.decimalValue().round(precision).stripTrailingZeros().toPlainString();
        }
        return node.toString();
    }
}
