package dev.warden.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pipeline parsing errors name the stage; nothing a definition holds reaches the SQL text. */
class PipelineCompilerTest {

    static final String HOSTILE = "x'); drop table documents; --\\\"$q";

    static JsonNode json(String text) {
        return QueryCompilerTest.json(text);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                              | must be a JSON array",
                "[1]                                             | Stage 1 must be an object with exactly one",
                "[{\"$out\": \"x\"}]                             | Stage 1 ($out): Unknown pipeline stage",
                "[{\"$limit\": 0}]                               | Stage 1 ($limit): needs a whole number of at least 1",
                "[{\"$skip\": 1.5}]                              | Stage 1 ($skip)",
                "[{\"$match\": {\"a\": {\"$near\": 1}}}]         | Unknown operator $near",
                "[{\"$project\": {}}]                            | Stage 1 ($project): needs a non-empty object",
                "[{\"$project\": {\"a\": 1, \"a.b\": 1}}]        | path collision",
                "[{\"$project\": {\"a\": {\"$nope\": 1}}}]       | Unknown expression operator $nope",
                "[{\"$addFields\": {\"a\": \"$$NOW\"}}]          | Unknown variable $$NOW",
                "[{\"$group\": {\"_id\": 1, \"a.b\": {\"$sum\": 1}}}] | must not be empty, start with $ or contain '.'",
                "[{\"$group\": {\"_id\": 1, \"n\": {\"$count\": 1}}}] | $count takes no argument",
                "[{\"$group\": {\"_id\": 1, \"n\": 5}}]          | needs one accumulator",
                "[{\"$sort\": {\"a\": 2}}]                       | orderBy direction for a must be 1 or -1",
                "[{\"$unwind\": \"tags\"}]                       | path must be a field reference",
                "[{\"$unwind\": {\"path\": \"$t\", \"includeArrayIndex\": \"i\"}}] | unsupported option includeArrayIndex",
                "[{\"$count\": \"$n\"}]                          | must not be empty, start with $",
                "[{\"$replaceRoot\": {\"root\": \"$a\"}}]        | needs {\"newRoot\": <expression>}",
                "[{\"$lookup\": {\"from\": \"a-b\", \"localField\": \"x\", \"foreignField\": \"y\", \"as\": \"z\"}}] | from must name a mesh",
                "[{\"$lookup\": {\"from\": \"ab\", \"localField\": \"x\", \"foreignField\": \"a.b.c.d.e\", \"as\": \"z\"}}] | at most 4 levels",
                "[{\"$project\": {\"x\": {\"$cond\": {\"if\": 1, \"then\": 2}}}}] | $cond needs exactly the fields if, then and else",
                "[{\"$project\": {\"x\": {\"$size\": [1, 2]}}}]  | $size takes 1 argument(s), not 2",
            })
    void invalidPipelinesNameTheProblem(String pipeline, String message) {
        QueryException e = assertThrows(QueryException.class, () -> Pipeline.parse(json(pipeline)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aPipelineMayHaveAtMostFiftyStages() {
        StringBuilder stages = new StringBuilder("[");
        for (int i = 0; i <= Pipeline.MAX_STAGES; i++)
            stages.append(i == 0 ? "" : ",").append("{\"$limit\": 5}");
        QueryException e = assertThrows(QueryException.class, () -> Pipeline.parse(json(stages + "]")));
        assertTrue(e.getMessage().contains("at most 50 stages"), e.getMessage());
    }

    @Test
    void namesPathsAndValuesAreParametersNeverText() {
        String h = HOSTILE.replace("\\", "\\\\").replace("\"", "\\\"");
        String pipeline = "[{\"$match\": {\"" + h.replace(".", "") + "\": \"" + h + "\"}},"
                + "{\"$lookup\": {\"from\": \"other\", \"localField\": \"" + h.replace(".", "")
                + "\", \"foreignField\": \""
                + h.replace(".", "") + "\", \"as\": \"" + h.replace(".", "") + "\"}},"
                + "{\"$addFields\": {\"" + h.replace(".", "") + "\": {\"$concat\": [\"" + h + "\", \"$"
                + h.replace(".", "")
                + "\"]}}},"
                + "{\"$group\": {\"_id\": {\"" + h.replace(".", "") + "\": \"$a\"}, \"total\": {\"$sum\": \"$"
                + h.replace(".", "")
                + "\"}}},"
                + "{\"$sort\": {\"" + h.replace(".", "") + "\": 1}},"
                + "{\"$count\": \"" + h.replace(".", "").replace("$", "") + "\"}]";
        Pipeline parsed = Pipeline.parse(json(pipeline));
        Sql sql = new Sql();
        String text = PipelineCompiler.compile(parsed, HOSTILE, HOSTILE, HOSTILE, sql);
        assertFalse(text.contains("drop table"), text);
        assertFalse(text.contains("'x"), text);
        assertTrue(sql.values().stream().anyMatch(v -> String.valueOf(v).contains("drop table")));
    }
}
