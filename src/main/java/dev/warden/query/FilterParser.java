package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.query.Filter.Condition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a MongoDB-style filter document into a {@link Filter}. Anything it does not know is an
 * error naming the offending operator or field: unknown operators are never ignored.
 */
public final class FilterParser {

    static final int MAX_CONDITIONS = 1_000;
    static final int MAX_IN_VALUES = 10_000;
    static final int MAX_REGEX_LENGTH = 1_000;

    private final boolean idIsString;
    private int conditions;

    private FilterParser(boolean idIsString) {
        this.idIsString = idIsString;
    }

    /** A filter over stored documents, whose {@code _id} is a string. */
    public static Filter parse(JsonNode document) {
        return parse(document, true);
    }

    /** A filter over what a pipeline stage produced, where {@code _id} may be any value (a group key). */
    public static Filter parseOverResults(JsonNode document) {
        return parse(document, false);
    }

    private static Filter parse(JsonNode document, boolean idIsString) {
        if (document == null || !document.isObject()) {
            throw new QueryException("filter must be a JSON object");
        }
        JsonText.rejectNul(document, "filter");
        return new FilterParser(idIsString).document(document);
    }

    /** An operator document on its own, such as {@code {"$gte": 6}} (used by {@code $pull}). */
    public static Filter.Condition condition(JsonNode operators) {
        return new FilterParser(true).operators("value", operators);
    }

    private Filter document(JsonNode document) {
        List<Filter> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            switch (key) {
                case "$and" -> parts.add(new Filter.And(list(key, value)));
                case "$or" -> parts.add(new Filter.Or(list(key, value)));
                case "$nor" -> parts.add(new Filter.Nor(list(key, value)));
                default -> {
                    if (key.startsWith("$")) {
                        throw new QueryException("Unknown top-level operator " + FieldPath.shorten(key));
                    }
                    FieldPath path = FieldPath.parse(key);
                    if (idIsString && path.isBelowId()) {
                        throw new QueryException("_id is a string and has no parts: " + FieldPath.shorten(key));
                    }
                    parts.add(new Filter.Field(path, condition(key, value)));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    private List<Filter> list(String operator, JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            throw new QueryException(operator + " needs a non-empty array of filters");
        }
        List<Filter> parts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw new QueryException(operator + " needs a non-empty array of filters");
            }
            parts.add(document(item));
        }
        return parts;
    }

    /** The condition for one field: an operator document, or a value to equal. */
    private Condition condition(String field, JsonNode value) {
        count();
        if (isOperatorDocument(value)) {
            return operators(field, value);
        }
        return new Filter.Eq(value);
    }

    private static boolean isOperatorDocument(JsonNode value) {
        return value.isObject() && value.size() > 0 && value.fieldNames().next().startsWith("$");
    }

    private Condition operators(String field, JsonNode document) {
        List<Condition> all = new ArrayList<>();
        JsonNode regex = null;
        JsonNode options = null;
        Iterator<Map.Entry<String, JsonNode>> entries = document.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String op = entry.getKey();
            JsonNode operand = entry.getValue();
            switch (op) {
                case "$eq" -> all.add(new Filter.Eq(operand));
                case "$ne" -> all.add(new Filter.Not(new Filter.Eq(operand)));
                case "$gt" -> all.add(compare(Filter.Comparison.GT, op, operand));
                case "$gte" -> all.add(compare(Filter.Comparison.GTE, op, operand));
                case "$lt" -> all.add(compare(Filter.Comparison.LT, op, operand));
                case "$lte" -> all.add(compare(Filter.Comparison.LTE, op, operand));
                case "$in" -> all.add(new Filter.In(values(op, operand, MAX_IN_VALUES)));
                case "$nin" -> all.add(new Filter.Not(new Filter.In(values(op, operand, MAX_IN_VALUES))));
                case "$exists" -> all.add(new Filter.Exists(truthy(op, operand)));
                case "$type" -> all.add(new Filter.Type(types(operand)));
                case "$regex" -> regex = operand;
                case "$options" -> options = operand;
                case "$not" -> all.add(new Filter.Not(not(field, operand)));
                case "$all" -> all.add(new Filter.All(values(op, operand, MAX_IN_VALUES)));
                case "$size" -> all.add(new Filter.Size(size(operand)));
                case "$elemMatch" -> all.add(elemMatch(field, operand));
                default -> {
                    if (op.startsWith("$")) {
                        throw new QueryException("Unknown operator " + FieldPath.shorten(op) + " on field " + field);
                    }
                    throw new QueryException("Field " + field + " mixes operators with the plain field "
                            + FieldPath.shorten(op) + "; use one or the other");
                }
            }
            count();
        }
        if (options != null && regex == null) {
            throw new QueryException("$options needs $regex on field " + field);
        }
        if (regex != null) {
            all.add(regex(regex, options));
        }
        return all.size() == 1 ? all.get(0) : new Filter.AllOf(all);
    }

    private Condition not(String field, JsonNode operand) {
        if (!isOperatorDocument(operand)) {
            throw new QueryException("$not needs an operator document such as {$gt: 5} on field " + field);
        }
        return operators(field, operand);
    }

    private Condition elemMatch(String field, JsonNode operand) {
        if (!operand.isObject() || operand.isEmpty()) {
            throw new QueryException("$elemMatch needs a non-empty object on field " + field);
        }
        String first = operand.fieldNames().next();
        boolean onValues =
                first.startsWith("$") && !first.equals("$and") && !first.equals("$or") && !first.equals("$nor");
        return onValues
                ? new Filter.ElemMatchValue(operators(field, operand))
                : new Filter.ElemMatchFields(document(operand));
    }

    private static Condition compare(Filter.Comparison op, String name, JsonNode operand) {
        if (!(operand.isNumber() || operand.isTextual() || operand.isBoolean())) {
            throw new QueryException(name + " needs a number, string or boolean");
        }
        return new Filter.Compare(op, operand);
    }

    private static List<JsonNode> values(String op, JsonNode operand, int max) {
        if (!operand.isArray()) {
            throw new QueryException(op + " needs an array");
        }
        if (operand.size() > max) {
            throw new QueryException(op + " accepts at most " + max + " values");
        }
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode value : operand) {
            if (isOperatorDocument(value)) {
                throw new QueryException(op + " takes plain values, not operators");
            }
            values.add(value);
        }
        return values;
    }

    private static boolean truthy(String op, JsonNode operand) {
        if (operand.isBoolean()) return operand.booleanValue();
        if (operand.isNumber()) return operand.doubleValue() != 0;
        throw new QueryException(op + " needs true or false");
    }

    private static int size(JsonNode operand) {
        if (!operand.isIntegralNumber() || !operand.canConvertToInt() || operand.intValue() < 0) {
            throw new QueryException("$size needs a non-negative whole number");
        }
        return operand.intValue();
    }

    private static final Map<String, Filter.JsonType> TYPE_NAMES = Map.ofEntries(
            Map.entry("double", Filter.JsonType.NUMBER),
            Map.entry("decimal", Filter.JsonType.NUMBER),
            Map.entry("number", Filter.JsonType.NUMBER),
            Map.entry("int", Filter.JsonType.INTEGER),
            Map.entry("long", Filter.JsonType.INTEGER),
            Map.entry("string", Filter.JsonType.STRING),
            Map.entry("object", Filter.JsonType.OBJECT),
            Map.entry("array", Filter.JsonType.ARRAY),
            Map.entry("bool", Filter.JsonType.BOOLEAN),
            Map.entry("null", Filter.JsonType.NULL));

    private static final Map<Integer, Filter.JsonType> TYPE_CODES = Map.of(
            1, Filter.JsonType.NUMBER,
            19, Filter.JsonType.NUMBER,
            16, Filter.JsonType.INTEGER,
            18, Filter.JsonType.INTEGER,
            2, Filter.JsonType.STRING,
            3, Filter.JsonType.OBJECT,
            4, Filter.JsonType.ARRAY,
            8, Filter.JsonType.BOOLEAN,
            10, Filter.JsonType.NULL);

    private static Set<Filter.JsonType> types(JsonNode operand) {
        Set<Filter.JsonType> types = EnumSet.noneOf(Filter.JsonType.class);
        List<JsonNode> items = new ArrayList<>();
        if (operand.isArray()) operand.forEach(items::add);
        else items.add(operand);
        if (items.isEmpty()) {
            throw new QueryException("$type needs a type name or code");
        }
        for (JsonNode item : items) {
            Filter.JsonType type = item.isTextual()
                    ? TYPE_NAMES.get(item.textValue().toLowerCase(Locale.ROOT))
                    : item.isIntegralNumber() ? TYPE_CODES.get(item.intValue()) : null;
            if (type == null) {
                throw new QueryException("$type does not know " + FieldPath.shorten(item.toString()));
            }
            types.add(type);
        }
        return types;
    }

    private static Condition regex(JsonNode pattern, JsonNode options) {
        if (!pattern.isTextual()) {
            throw new QueryException("$regex needs a string");
        }
        if (pattern.textValue().length() > MAX_REGEX_LENGTH) {
            throw new QueryException("$regex is longer than " + MAX_REGEX_LENGTH + " characters");
        }
        String flags = "";
        if (options != null) {
            if (!options.isTextual() || !options.textValue().matches("[imsx]*")) {
                throw new QueryException("$options may only hold the letters i, m, s and x");
            }
            flags = options.textValue();
        }
        return new Filter.Regex(pattern.textValue(), flags);
    }

    private void count() {
        if (++conditions > MAX_CONDITIONS) {
            throw new QueryException("filter has more than " + MAX_CONDITIONS + " conditions");
        }
    }
}
