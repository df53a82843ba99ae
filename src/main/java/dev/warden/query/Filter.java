package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** A parsed, validated filter: the small typed tree the compiler and the reference matcher read. */
public sealed interface Filter {

    record And(List<Filter> parts) implements Filter {}

    record Or(List<Filter> parts) implements Filter {}

    record Nor(List<Filter> parts) implements Filter {}

    record Field(FieldPath path, Condition condition) implements Filter {}

    /** What one field must satisfy. */
    sealed interface Condition {}

    /** Equal to {@code value}, or an array holding an element equal to it. */
    record Eq(JsonNode value) implements Condition {}

    record Compare(Comparison op, JsonNode value) implements Condition {}

    record In(List<JsonNode> values) implements Condition {}

    record Exists(boolean exists) implements Condition {}

    record Type(Set<JsonType> types) implements Condition {}

    record Regex(String pattern, String options) implements Condition {}

    record Not(Condition condition) implements Condition {}

    /** Several operators on one field, all of which must hold ({@code {$gt: 1, $lt: 5}}). */
    record AllOf(List<Condition> conditions) implements Condition {}

    record All(List<JsonNode> values) implements Condition {}

    record Size(int size) implements Condition {}

    /** An array element that matches a filter over its fields. */
    record ElemMatchFields(Filter filter) implements Condition {}

    /** An array element that satisfies operators itself ({@code {$elemMatch: {$gt: 3}}}). */
    record ElemMatchValue(Condition condition) implements Condition {}

    enum Comparison {
        GT(">"),
        GTE(">="),
        LT("<"),
        LTE("<=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Type names of {@code $type}, as JSON has them. */
    enum JsonType {
        NUMBER,
        INTEGER,
        STRING,
        OBJECT,
        ARRAY,
        BOOLEAN,
        NULL
    }
}
