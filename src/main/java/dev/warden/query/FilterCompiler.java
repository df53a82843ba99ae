package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link Filter} to a SQL boolean expression over a {@code jsonb} document. Field paths
 * become quoted SQL/JSON path text passed as parameters; values are parameters too. Equality on a
 * plain value compiles to {@code @>} containment, which the GIN index serves.
 *
 * <p>Array semantics follow MongoDB: a path walks into arrays of objects (one level per step),
 * and a condition holds when the value or any element of an array value satisfies it.
 */
public final class FilterCompiler {

    /** Paths up to this depth spell equality as containment (2^depth alternatives). */
    static final int CONTAINMENT_MAX_DEPTH = 4;

    static final int CONTAINMENT_MAX_IN = 8;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Sql sql;
    private final DeclaredKeys keys;
    /** The stored document's expression: declared keys are indexed on it, not on array elements. */
    private final String stored;

    private int aliases;

    private FilterCompiler(Sql sql, DeclaredKeys keys, String stored) {
        this.sql = sql;
        this.keys = keys;
        this.stored = stored;
    }

    /**
     * Writes the condition for {@code filter} into {@code sql}. {@code document} is the SQL
     * expression of the jsonb document; {@code id} the expression of its {@code _id}, or null
     * where {@code _id} is an ordinary field (inside arrays).
     */
    public static void compile(Filter filter, String document, String id, Sql sql) {
        compile(filter, document, id, sql, DeclaredKeys.NONE);
    }

    /** The same, with conditions on {@code keys} written as their declared index serves them (spec §14). */
    public static void compile(Filter filter, String document, String id, Sql sql, DeclaredKeys keys) {
        new FilterCompiler(sql, keys, document).filter(filter, document, id);
    }

    /** Writes the condition a single value (not a document) must satisfy, e.g. for {@code $pull}. */
    public static void compileValue(Filter.Condition condition, String value, Sql sql) {
        new FilterCompiler(sql, DeclaredKeys.NONE, null).condition(condition, value, null, new FieldPath(List.of()));
    }

    /**
     * Equality, a range or {@code $in} of strings, numbers or booleans on a declared key, as
     * equalities and ranges on its index columns; false when the condition is not one of those
     * (it is then compiled as on any field, with the same result).
     */
    private boolean declared(Filter.Condition condition, String doc, FieldPath path) {
        if (!doc.equals(stored)) return false;
        var literal = keys.literal(path);
        if (literal.isEmpty()) return false;
        List<String> columns = DeclaredKeys.columns(doc, literal.get());
        if (condition instanceof Filter.Eq eq && rank(eq.value()) > 0) {
            JsonNode v = eq.value();
            sql.append("(" + columns.get(0) + " = ").bind(rank(v));
            sql.append(" and " + columns.get(1) + " = ").bind(number(v)).append("::text::numeric");
            sql.append(" and " + columns.get(2) + " = ")
                    .bind(v.isTextual() ? v.asText() : "")
                    .append(")");
            return true;
        }
        if (condition instanceof Filter.Compare compare
                && (compare.value().isNumber() || compare.value().isTextual())) {
            JsonNode v = compare.value();
            String op = " " + compare.op().symbol + " ";
            sql.append("(" + columns.get(0) + " = ").bind(rank(v));
            if (v.isNumber()) {
                sql.append(" and " + columns.get(1) + op).bind(number(v)).append("::text::numeric)");
            } else {
                sql.append(" and " + columns.get(1) + " = 0 and " + columns.get(2) + op)
                        .bind(v.asText())
                        .append(")");
            }
            return true;
        }
        if (condition instanceof Filter.In in && !in.values().isEmpty()) {
            boolean strings = in.values().stream().allMatch(JsonNode::isTextual);
            boolean numbers = in.values().stream().allMatch(JsonNode::isNumber);
            if (!strings && !numbers) return false;
            sql.append("(" + columns.get(0) + " = ").bind(strings ? 3 : 2);
            if (strings) {
                sql.append(" and " + columns.get(1) + " = 0 and " + columns.get(2) + " = any(")
                        .bind(in.values().stream().map(JsonNode::asText).toArray(String[]::new))
                        .append("::text[]))");
            } else {
                sql.append(" and " + columns.get(1) + " = any(")
                        .bind(in.values().stream().map(FilterCompiler::number).toArray(String[]::new))
                        .append("::text[]::numeric[]) and " + columns.get(2) + " = '')");
            }
            return true;
        }
        if (condition instanceof Filter.AllOf allOf
                && allOf.conditions().stream().allMatch(c -> c instanceof Filter.Compare || c instanceof Filter.Eq)) {
            sql.append("(");
            for (int i = 0; i < allOf.conditions().size(); i++) {
                if (i > 0) sql.append(" and ");
                condition(allOf.conditions().get(i), doc, null, path);
            }
            sql.append(")");
            return true;
        }
        return false;
    }

    /** The rank column's value for a scalar (as {@code warden_key_rank}); 0 for what it does not index. */
    private static int rank(JsonNode value) {
        if (value.isNumber()) return 2;
        if (value.isTextual()) return 3;
        if (value.isBoolean()) return 6;
        return 0;
    }

    /** The number column's value as numeric input text: exact, whatever the JSON number's size. */
    private static String number(JsonNode value) {
        if (value.isNumber()) return value.decimalValue().toString();
        return value.isBoolean() && value.booleanValue() ? "1" : "0";
    }

    private void filter(Filter filter, String doc, String id) {
        if (filter instanceof Filter.And and) {
            join(and.parts(), " and ", "true", doc, id);
        } else if (filter instanceof Filter.Or or) {
            join(or.parts(), " or ", "false", doc, id);
        } else if (filter instanceof Filter.Nor nor) {
            sql.append("not ");
            join(nor.parts(), " or ", "false", doc, id);
        } else if (filter instanceof Filter.Field field) {
            if (id != null && field.path().isId()) {
                idCondition(field.condition(), id);
            } else {
                condition(field.condition(), doc, id, field.path());
            }
        }
    }

    private void join(List<Filter> parts, String operator, String empty, String doc, String id) {
        if (parts.isEmpty()) {
            sql.append(empty);
            return;
        }
        sql.append("(");
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) sql.append(operator);
            filter(parts.get(i), doc, id);
        }
        sql.append(")");
    }

    private void condition(Filter.Condition condition, String doc, String id, FieldPath path) {
        if (declared(condition, doc, path)) {
            return;
        }
        if (condition instanceof Filter.Eq eq) {
            equal(doc, path, eq.value());
        } else if (condition instanceof Filter.Compare compare) {
            pathExists(doc, path, " ? (@ " + compare.op().symbol + " $v)", compare.value());
        } else if (condition instanceof Filter.In in) {
            in(doc, path, in.values());
        } else if (condition instanceof Filter.Exists exists) {
            sql.append(exists.exists() ? "" : "not ");
            pathExists(doc, path, "", null);
        } else if (condition instanceof Filter.Type type) {
            type(doc, path, type);
        } else if (condition instanceof Filter.Regex regex) {
            regex(doc, path, regex);
        } else if (condition instanceof Filter.Not not) {
            sql.append("not (");
            condition(not.condition(), doc, id, path);
            sql.append(")");
        } else if (condition instanceof Filter.AllOf allOf) {
            joinConditions(allOf.conditions(), c -> condition(c, doc, id, path));
        } else if (condition instanceof Filter.All all) {
            joinConditions(
                    all.values().stream()
                            .map(v -> (Filter.Condition) new Filter.Eq(v))
                            .toList(),
                    c -> equal(doc, path, ((Filter.Eq) c).value()));
        } else if (condition instanceof Filter.Size size) {
            String c = alias();
            candidates(doc, path, c);
            sql.append(" where jsonb_typeof(" + c + ".v) = 'array' and jsonb_array_length(" + c + ".v) = ")
                    .bind(size.size())
                    .append(")");
        } else if (condition instanceof Filter.ElemMatchFields match) {
            elements(doc, path, e -> {
                sql.append("jsonb_typeof(" + e + ") = 'object' and ");
                filter(match.filter(), e, null);
            });
        } else if (condition instanceof Filter.ElemMatchValue match) {
            elements(doc, path, e -> condition(match.condition(), e, null, new FieldPath(List.of())));
        } else {
            throw new IllegalStateException("uncompiled condition " + condition);
        }
    }

    /** All of {@code conditions}; none at all matches nothing (as MongoDB's empty {@code $all}). */
    private void joinConditions(
            List<Filter.Condition> conditions, java.util.function.Consumer<Filter.Condition> write) {
        if (conditions.isEmpty()) {
            sql.append("false");
            return;
        }
        sql.append("(");
        for (int i = 0; i < conditions.size(); i++) {
            if (i > 0) sql.append(" and ");
            write.accept(conditions.get(i));
        }
        sql.append(")");
    }

    /** {@code exists (select 1 from jsonb_path_query(doc, path) c(v)} — the caller closes it. */
    private void candidates(String doc, FieldPath path, String c) {
        sql.append("exists (select 1 from jsonb_path_query(" + doc + ", ")
                .bind(path.jsonPath())
                .append("::text::jsonpath) " + c + "(v)");
    }

    /** Some element of an array found at {@code path} satisfies what {@code body} writes about it. */
    private void elements(String doc, FieldPath path, java.util.function.Consumer<String> body) {
        String c = alias();
        String e = alias();
        candidates(doc, path, c);
        sql.append(" cross join lateral jsonb_array_elements(case when jsonb_typeof(" + c + ".v) = 'array' then " + c
                + ".v else '[]'::jsonb end) " + e + "(v) where ");
        body.accept(e + ".v");
        sql.append(")");
    }

    /** Some value found at {@code path}, or an element of an array value, satisfies {@code body}. */
    private void anyValue(String doc, FieldPath path, java.util.function.Consumer<String> body) {
        String c = alias();
        String e = alias();
        candidates(doc, path, c);
        sql.append(" where ");
        body.accept(c + ".v");
        sql.append(" or (jsonb_typeof(" + c + ".v) = 'array' and exists (select 1 from jsonb_array_elements(" + c
                + ".v) " + e + "(v) where ");
        body.accept(e + ".v");
        sql.append(")))");
    }

    private void pathExists(String doc, FieldPath path, String predicate, JsonNode value) {
        sql.append("coalesce(jsonb_path_exists(" + doc + ", ")
                .bind(path.jsonPath() + predicate)
                .append("::text::jsonpath");
        if (value != null) {
            ObjectNode vars = JSON.objectNode();
            vars.set("v", value);
            sql.append(", ").bind(vars.toString()).append("::text::jsonb");
        }
        sql.append("), false)");
    }

    private void equal(String doc, FieldPath path, JsonNode value) {
        if (value.isNull()) {
            // Missing counts as null, as in MongoDB.
            sql.append("(not ");
            pathExists(doc, path, "", null);
            sql.append(" or ");
            pathExists(doc, path, " ? (@ == null)", null);
            sql.append(")");
        } else if (value.isValueNode() && path.segments().size() <= CONTAINMENT_MAX_DEPTH) {
            contains(doc, path, value);
        } else {
            String v = sql.placeholder(value.toString());
            anyValue(doc, path, x -> sql.append(x + " = " + v + "::text::jsonb"));
        }
    }

    /** Equality of a plain value as containment, spelled for every object/array shape of the path. */
    private void contains(String doc, FieldPath path, JsonNode value) {
        List<JsonNode> spellings = spellings(path.segments(), 0, value);
        sql.append("(");
        for (int i = 0; i < spellings.size(); i++) {
            if (i > 0) sql.append(" or ");
            sql.append(doc + " @> ").bind(spellings.get(i).toString()).append("::text::jsonb");
        }
        sql.append(")");
    }

    /**
     * Every way {@code value} can sit at {@code segments[from..]} so that MongoDB equality holds:
     * under each key either the next level itself or an array holding it. An empty path is the
     * value itself (containment already finds a plain value inside a top-level array).
     */
    static List<JsonNode> spellings(List<String> segments, int from, JsonNode value) {
        if (from == segments.size()) {
            return List.of(value);
        }
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode inner : spellings(segments, from + 1, value)) {
            ObjectNode direct = JSON.objectNode();
            direct.set(segments.get(from), inner);
            result.add(direct);
            ObjectNode wrapped = JSON.objectNode();
            wrapped.set(segments.get(from), JSON.arrayNode().add(inner));
            result.add(wrapped);
        }
        return result;
    }

    private void in(String doc, FieldPath path, List<JsonNode> values) {
        if (values.isEmpty()) {
            sql.append("false");
            return;
        }
        boolean simple = values.size() <= CONTAINMENT_MAX_IN
                && path.segments().size() <= CONTAINMENT_MAX_DEPTH - 1
                && values.stream().allMatch(JsonNode::isValueNode);
        sql.append("(");
        if (simple) {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) sql.append(" or ");
                equal(doc, path, values.get(i));
            }
        } else {
            List<String> texts = new ArrayList<>();
            boolean hasNull = false;
            for (JsonNode value : values) {
                if (value.isNull()) hasNull = true;
                else texts.add(value.toString());
            }
            String list = sql.placeholder(texts.toArray(String[]::new));
            anyValue(doc, path, x -> sql.append(x + " = any(" + list + "::text[]::jsonb[])"));
            if (hasNull) {
                sql.append(" or ");
                equal(doc, path, JSON.nullNode());
            }
        }
        sql.append(")");
    }

    private void type(String doc, FieldPath path, Filter.Type type) {
        sql.append("(");
        boolean first = true;
        for (Filter.JsonType t : type.types()) {
            if (!first) sql.append(" or ");
            first = false;
            // Type names come from this fixed table, never from the request.
            String predicate =
                    switch (t) {
                        case ARRAY -> ".type() ? (@ == \"array\")";
                        case NUMBER -> " ? (@.type() == \"number\")";
                        case INTEGER -> " ? (@.type() == \"number\" && @ == @.floor())";
                        case STRING -> " ? (@.type() == \"string\")";
                        case OBJECT -> " ? (@.type() == \"object\")";
                        case BOOLEAN -> " ? (@.type() == \"boolean\")";
                        case NULL -> " ? (@.type() == \"null\")";
                    };
            pathExists(doc, path, predicate, null);
        }
        sql.append(")");
    }

    private void regex(String doc, FieldPath path, Filter.Regex regex) {
        String pattern = sql.placeholder(postgresRegex(regex));
        anyValue(
                doc,
                path,
                x -> sql.append("(jsonb_typeof(" + x + ") = 'string' and (" + x + " #>> '{}') ~ " + pattern + ")"));
    }

    /**
     * MongoDB's regex options as PostgreSQL embedded options. By default MongoDB's {@code .} does
     * not match a newline and {@code ^ $} anchor the whole string: PostgreSQL's partial
     * newline-sensitive mode ({@code p}); {@code m} makes it fully newline-sensitive ({@code n}),
     * {@code s} lets {@code .} match newlines ({@code s}), both together are {@code w}.
     */
    static String postgresRegex(Filter.Regex regex) {
        boolean multiline = regex.options().contains("m");
        boolean dotAll = regex.options().contains("s");
        String mode = multiline ? (dotAll ? "w" : "n") : (dotAll ? "s" : "p");
        String flags = mode
                + (regex.options().contains("i") ? "i" : "")
                + (regex.options().contains("x") ? "x" : "");
        return "(?" + flags + ")" + regex.pattern();
    }

    /** {@code _id} lives in its own column: a string, always present. */
    private void idCondition(Filter.Condition condition, String id) {
        if (condition instanceof Filter.Eq eq) {
            if (eq.value().isTextual()) sql.append(id + " = ").bind(eq.value().textValue());
            else sql.append("false");
        } else if (condition instanceof Filter.Compare compare) {
            if (compare.value().isTextual()) {
                sql.append(id + " " + compare.op().symbol + " ")
                        .bind(compare.value().textValue());
            } else {
                sql.append("false");
            }
        } else if (condition instanceof Filter.In in) {
            String[] ids = in.values().stream()
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::textValue)
                    .toArray(String[]::new);
            sql.append(id + " = any(").bind(ids).append("::text[])");
        } else if (condition instanceof Filter.Exists exists) {
            sql.append(exists.exists() ? "true" : "false");
        } else if (condition instanceof Filter.Type type) {
            sql.append(type.types().contains(Filter.JsonType.STRING) ? "true" : "false");
        } else if (condition instanceof Filter.Regex regex) {
            sql.append(id + " ~ ").bind(postgresRegex(regex));
        } else if (condition instanceof Filter.Not not) {
            sql.append("not (");
            idCondition(not.condition(), id);
            sql.append(")");
        } else if (condition instanceof Filter.AllOf allOf) {
            joinConditions(allOf.conditions(), c -> idCondition(c, id));
        } else if (condition instanceof Filter.All all) {
            joinConditions(
                    all.values().stream()
                            .map(v -> (Filter.Condition) new Filter.Eq(v))
                            .toList(),
                    c -> idCondition(c, id));
        } else {
            // $size and $elemMatch need an array; _id is a string.
            sql.append("false");
        }
    }

    private String alias() {
        return "q" + (++aliases);
    }
}
