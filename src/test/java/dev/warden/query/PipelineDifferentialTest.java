package dev.warden.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Generated pipelines, each followed by a generated read (filter, orderBy, page), run through
 * PostgreSQL as one compiled statement and through the in-memory {@link PipelineReference}; the
 * pages and counts must be identical, order included. Where the reference fails on the data
 * (e.g. {@code $multiply} on a string) PostgreSQL must fail with a 400-class error or, having
 * skipped that document (SQL evaluates lazily, e.g. under a {@code $limit}), may answer; where
 * PostgreSQL fails, the reference must have failed too.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineDifferentialTest {

    static final long SEED = Long.getLong("differential.seed", 20261123L);
    static final int PIPELINES = Integer.getInteger("differential.pipelines", 2500);
    static final String MESH = "pipelines";
    static final String LOOKUPS = "lookups";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    Pool pool;

    String account;
    final List<ObjectNode> documents = new ArrayList<>();
    final List<ObjectNode> lookups = new ArrayList<>();

    @BeforeEach
    void load() {
        if (account != null) {
            return;
        }
        account = Api.freshAccount(Verification.NONE).account();
        Generators generate = new Generators(SEED);
        for (int i = 0; i < DifferentialTest.DOCUMENTS; i++) documents.add(generate.document(i));
        for (int i = 0; i < 30; i++) {
            ObjectNode lookup = JSON.objectNode();
            lookup.put("_id", String.format("%024x", 900_000 + i));
            if (generate.chance(85)) lookup.set("key", generate.chance(70) ? generate.string() : generate.scalar());
            if (generate.chance(50)) lookup.putObject("deep").set("key", generate.string());
            if (generate.chance(30)) lookup.set("list", generate.scalarArray());
            lookup.put("label", "l" + i);
            lookups.add(lookup);
        }
        lookups.sort((a, b) -> a.get("_id").textValue().compareTo(b.get("_id").textValue()));
        DifferentialTest.insert(pool, account, MESH, documents);
        DifferentialTest.insert(pool, account, LOOKUPS, lookups);
    }

    @Test
    void generatedPipelinesAgreeWithTheReference() {
        PipelineGenerators generate = new PipelineGenerators(SEED + 3);
        PipelineReference reference = new PipelineReference(Map.of(MESH, documents, LOOKUPS, lookups));
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int nonEmpty = 0;
        int errors = 0;
        for (int i = 0; i < PIPELINES && failures.size() < 5; i++) {
            ArrayNode pipelineJson = generate.pipeline();
            JsonNode filterJson =
                    generate.values().chance(30) ? generate.values().filter(0) : JSON.objectNode();
            JsonNode sortJson = generate.values().chance(40) ? generate.readSort() : JSON.objectNode();
            Pipeline pipeline;
            Sort sort;
            try {
                pipeline = Pipeline.parse(pipelineJson);
                sort = Sort.parseOverResults(sortJson);
            } catch (QueryException invalid) {
                failures.add("#" + i + " generated an invalid pipeline " + pipelineJson + ": " + invalid.getMessage());
                continue;
            }
            Filter filter = FilterParser.parseOverResults(filterJson);
            int pageSize = 1 + generate.values().random().nextInt(60);
            long offset = generate.values().chance(70)
                    ? 0
                    : generate.values().random().nextInt(40);

            String expected;
            boolean referenceFailed = false;
            try {
                List<ObjectNode> results = reference.run(pipeline, documents);
                long total = results.stream()
                        .filter(d -> Reference.matches(filter, d))
                        .count();
                expected = total + " " + canonical(PipelineReference.page(results, filter, sort, offset, pageSize));
            } catch (PipelineReference.EvaluationError e) {
                expected = "error " + e.getMessage();
                referenceFailed = true;
            } catch (IllegalStateException e) {
                throw new IllegalStateException("#" + i + " " + pipelineJson + ": " + e.getMessage(), e);
            }
            String actual;
            boolean postgresFailed = false;
            try {
                Sql sql = new Sql();
                sql.append(PipelineCompiler.page(
                        pipeline, account, "", MESH, filter, sort, offset, pageSize, "true", sql));
                Row row = pool.preparedQuery(sql.text())
                        .execute(Tuple.from(sql.values()))
                        .await()
                        .atMost(Duration.ofSeconds(30))
                        .iterator()
                        .next();
                actual = row.getLong(1) + " " + canonical(DifferentialTest.MAPPER.readTree(row.getString(2)));
            } catch (PgException e) {
                assertEquals("WD001", e.getSqlState(), "#" + i + " " + pipelineJson + ": " + e.getMessage());
                actual = "error " + e.getErrorMessage();
                postgresFailed = true;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            if (referenceFailed) {
                errors++;
                continue; // PostgreSQL may fail too or may never have evaluated the failing document.
            }
            if (postgresFailed || !expected.equals(actual)) {
                failures.add("#" + i + " pipeline " + pipelineJson + " filter " + filterJson + " sort " + sortJson
                        + " offset " + offset + " pageSize " + pageSize + "\n  reference " + expected
                        + "\n  postgres  " + actual);
            }
            compared++;
            if (!expected.startsWith("0 ")) nonEmpty++;
        }
        assertEquals(List.of(), failures, "seed " + SEED);
        assertTrue(
                compared > PIPELINES / 2,
                "most generated pipelines should run: " + compared + ", " + errors + " errors");
        assertTrue(nonEmpty > compared / 2, "most should produce results: " + nonEmpty + " of " + compared);
    }

    static final MathContext TWELVE_DIGITS = new MathContext(12);

    /** Canonical text with numbers rounded to 12 digits (PostgreSQL and Java divide to different scales). */
    static String canonical(Iterable<? extends JsonNode> documents) {
        List<String> items = new ArrayList<>();
        documents.forEach(d -> items.add(canonical(d)));
        return "[" + String.join(",", items) + "]";
    }

    static String canonical(JsonNode node) {
        return DifferentialTest.canonical(node, TWELVE_DIGITS);
    }
}
