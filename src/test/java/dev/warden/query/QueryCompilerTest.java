package dev.warden.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser's errors, and what the compiler writes for each operator (no database). */
class QueryCompilerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Sql compile(String filter) {
        Sql sql = new Sql();
        FilterCompiler.compile(FilterParser.parse(json(filter)), "d.data", "d.id", sql);
        return sql;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": {\"$foo\": 1}}                | Unknown operator $foo",
                "{\"$where\": \"x\"}                   | Unknown top-level operator $where",
                "{\"a\": {\"$gt\": 1, \"b\": 1}}       | mixes operators",
                "{\"a\": {\"$in\": 1}}                 | $in needs an array",
                "{\"a\": {\"$nin\": {}}}               | $nin needs an array",
                "{\"a\": {\"$gt\": [1]}}               | $gt needs a number, string or boolean",
                "{\"a\": {\"$exists\": \"yes\"}}       | $exists needs true or false",
                "{\"a\": {\"$type\": \"date\"}}        | $type does not know",
                "{\"a\": {\"$regex\": 5}}              | $regex needs a string",
                "{\"a\": {\"$options\": \"i\"}}        | $options needs $regex",
                "{\"a\": {\"$regex\": \"x\", \"$options\": \"g\"}} | $options may only hold",
                "{\"a\": {\"$not\": 5}}                | $not needs an operator document",
                "{\"a\": {\"$size\": 1.5}}             | $size needs a non-negative whole number",
                "{\"a\": {\"$elemMatch\": 1}}          | $elemMatch needs a non-empty object",
                "{\"$and\": {}}                        | $and needs a non-empty array",
                "{\"$or\": [1]}                        | $or needs a non-empty array",
                "{\"a..b\": 1}                         | has an empty part",
                "{\"a.$b\": 1}                         | Unknown operator $b",
                "{\"a.0\": 1}                          | positional paths",
                "{\"_id.x\": 1}                        | _id is a string",
                "{\"a\": \"x\\u0000\"}                 | NUL",
            })
    void invalidFiltersNameTheProblem(String filter, String message) {
        QueryException error = assertThrows(QueryException.class, () -> FilterParser.parse(json(filter)));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\": 1}",
                "{\"a.b\": \"x\"}",
                "{\"a\": {\"$eq\": true}}",
                "{\"a\": {\"$ne\": 1}}",
                "{\"a\": {\"$gt\": 1}}",
                "{\"a\": {\"$gte\": \"s\"}}",
                "{\"a\": {\"$lt\": 1}}",
                "{\"a\": {\"$lte\": 1}}",
                "{\"a\": {\"$in\": [1, \"x\", null]}}",
                "{\"a\": {\"$nin\": [1]}}",
                "{\"a\": {\"$exists\": false}}",
                "{\"a\": {\"$type\": [\"string\", 16]}}",
                "{\"a\": {\"$regex\": \"^x\", \"$options\": \"imsx\"}}",
                "{\"a\": {\"$not\": {\"$gt\": 1}}}",
                "{\"$and\": [{\"a\": 1}, {\"b\": 2}]}",
                "{\"$or\": [{\"a\": 1}]}",
                "{\"$nor\": [{\"a\": 1}]}",
                "{\"a\": {\"$all\": [1, 2]}}",
                "{\"a\": {\"$size\": 2}}",
                "{\"a\": {\"$elemMatch\": {\"b\": 1, \"c\": {\"$gt\": 1}}}}",
                "{\"a\": {\"$elemMatch\": {\"$gt\": 1}}}",
                "{\"a\": null}",
                "{\"a\": {\"b\": [1, 2]}}",
                "{\"_id\": \"0123456789abcdef01234567\"}",
                "{\"_id\": {\"$in\": [\"x\"]}}",
                "{\"a\": {\"$in\": [1,2,3,4,5,6,7,8,9,10]}}",
            })
    void everyOperatorCompilesWithRequestTextOnlyInParameters(String filter) {
        Sql sql = compile(filter);
        assertFalse(sql.text().contains("\"a\""), sql.text());
        assertFalse(sql.text().contains("0123456789abcdef"), sql.text());
        assertFalse(sql.text().contains("^x"), sql.text());
        for (int i = 1; i <= sql.values().size(); i++) {
            assertTrue(sql.text().contains("$" + i), "parameter $" + i + " unused in " + sql.text());
        }
    }

    @Test
    void hostileFieldNamesStayInsideQuotedPathParameters() {
        Sql sql = compile("{\"x\\\") || true || (\\\"\": {\"$gt\": 1}}");
        assertFalse(sql.text().contains("true ||"), sql.text());
        assertEquals("$.\"x\\\") || true || (\\\"\" ? (@ > $v)", sql.values().get(0));
    }

    @Test
    void plainEqualityBecomesContainmentForEveryArrayShape() {
        Sql sql = compile("{\"a.b\": 5}");
        assertEquals(
                Set.of("{\"a\":{\"b\":5}}", "{\"a\":[{\"b\":5}]}", "{\"a\":{\"b\":[5]}}", "{\"a\":[{\"b\":[5]}]}"),
                Set.copyOf(sql.values()));
        assertTrue(sql.text().contains("d.data @> $1::text::jsonb"), sql.text());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''     | (?p)x",
                "i      | (?pi)x",
                "m      | (?n)x",
                "s      | (?s)x",
                "ms     | (?w)x",
                "imsx   | (?wix)x",
            })
    void regexOptionsMapToPostgresModes(String options, String expected) {
        assertEquals(expected, FilterCompiler.postgresRegex(new Filter.Regex("x", options)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": 1}                                     | update must use operators",
                "{}                                             | non-empty object of operators",
                "{\"$set\": {}}                                 | $set needs a non-empty object",
                "{\"$inc\": {\"a\": \"1\"}}                     | $inc needs a number",
                "{\"$pop\": {\"a\": 2}}                         | $pop needs 1",
                "{\"$rename\": {\"a\": 1}}                      | $rename needs the new field name",
                "{\"$push\": {\"a\": {\"$each\": 1}}}           | $each needs an array",
                "{\"$push\": {\"a\": {\"$each\": [], \"$slice\": 1}}} | only the $each modifier",
                "{\"$currentDate\": {\"a\": \"now\"}}           | $currentDate takes",
                "{\"$set\": {\"_id\": 1}}                       | _id cannot be changed",
                "{\"$set\": {\"a\": 1}, \"$unset\": {\"a\": 1}} | conflict",
                "{\"$set\": {\"a.b\": 1, \"a\": 2}}             | conflict",
                "{\"$rename\": {\"a\": \"b\"}, \"$set\": {\"b\": 1}} | conflict",
                "{\"$frobnicate\": {\"a\": 1}}                  | Unknown update operator",
            })
    void invalidUpdatesNameTheProblem(String update, String message) {
        QueryException error = assertThrows(QueryException.class, () -> Update.parse(json(update)));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": 0}   | 1 or -1",
                "[1]          | must be a JSON object",
                "{\"a.\": 1}  | empty part",
            })
    void invalidSortsNameTheProblem(String sort, String message) {
        QueryException error = assertThrows(QueryException.class, () -> Sort.parse(json(sort)));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
