package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A MongoDB-style update ({@code $set $unset $inc $mul $min $max $rename $push $pull $addToSet
 * $pop $currentDate}), parsed into steps and compiled to a chain of SQL expressions.
 */
public record Update(List<Step> steps) {

    static final int MAX_STEPS = 1_000;

    /** One change to one path. */
    public sealed interface Step {
        FieldPath path();
    }

    public record Set(FieldPath path, JsonNode value) implements Step {}

    public record Unset(FieldPath path) implements Step {}

    /** {@code $inc} ({@code +}) or {@code $mul} ({@code *}). */
    public record Arithmetic(FieldPath path, char op, JsonNode operand) implements Step {
        String label() {
            return op == '+' ? "$inc" : "$mul";
        }
    }

    /** {@code $min} (want -1) or {@code $max} (want 1). */
    public record Extreme(FieldPath path, JsonNode value, int want) implements Step {}

    public record Rename(FieldPath path, FieldPath target) implements Step {}

    public record Push(FieldPath path, List<JsonNode> items) implements Step {}

    public record AddToSet(FieldPath path, List<JsonNode> items) implements Step {}

    /** Removes every element of the array that satisfies {@code condition}. */
    public record Pull(FieldPath path, Filter.Condition condition) implements Step {}

    public record Pop(FieldPath path, int direction) implements Step {}

    public record CurrentDate(FieldPath path, JsonNode value) implements Step {}

    public static Update parse(JsonNode document) {
        if (document == null || !document.isObject() || document.isEmpty()) {
            throw new QueryException("update must be a non-empty object of operators such as {\"$set\": {...}}");
        }
        JsonText.rejectNul(document, "update");
        List<Step> steps = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> operators = document.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> entry = operators.next();
            String op = entry.getKey();
            JsonNode fields = entry.getValue();
            if (!op.startsWith("$")) {
                throw new QueryException(
                        "update must use operators such as $set; found the field " + FieldPath.shorten(op));
            }
            if (!fields.isObject() || fields.isEmpty()) {
                throw new QueryException(op + " needs a non-empty object of fields");
            }
            Iterator<Map.Entry<String, JsonNode>> targets = fields.fields();
            while (targets.hasNext()) {
                Map.Entry<String, JsonNode> target = targets.next();
                steps.add(step(op, path(target.getKey()), target.getValue()));
                if (steps.size() > MAX_STEPS) {
                    throw new QueryException("update has more than " + MAX_STEPS + " changes");
                }
            }
        }
        checkConflicts(steps);
        return new Update(steps);
    }

    private static FieldPath path(String dotted) {
        FieldPath path = FieldPath.parse(dotted);
        if (path.segments().get(0).equals(FieldPath.ID)) {
            throw new QueryException("_id cannot be changed");
        }
        return path;
    }

    private static Step step(String op, FieldPath path, JsonNode operand) {
        return switch (op) {
            case "$set" -> new Set(path, operand);
            case "$unset" -> new Unset(path);
            case "$inc" -> new Arithmetic(path, '+', number(op, operand));
            case "$mul" -> new Arithmetic(path, '*', number(op, operand));
            case "$min" -> new Extreme(path, operand, -1);
            case "$max" -> new Extreme(path, operand, 1);
            case "$rename" -> {
                if (!operand.isTextual()) {
                    throw new QueryException("$rename needs the new field name as a string");
                }
                yield new Rename(path, path(operand.textValue()));
            }
            case "$push" -> new Push(path, items(op, operand));
            case "$addToSet" -> new AddToSet(path, items(op, operand));
            case "$pull" -> new Pull(path, pullCondition(operand));
            case "$pop" -> {
                if (!operand.isIntegralNumber() || Math.abs(operand.asLong()) != 1) {
                    throw new QueryException("$pop needs 1 (last) or -1 (first)");
                }
                yield new Pop(path, operand.asInt());
            }
            case "$currentDate" -> new CurrentDate(path, currentDate(operand));
            default -> throw new QueryException("Unknown update operator " + FieldPath.shorten(op));
        };
    }

    private static JsonNode number(String op, JsonNode operand) {
        if (!operand.isNumber()) {
            throw new QueryException(op + " needs a number");
        }
        return operand;
    }

    /** A single value, or {@code {"$each": [...]}}. */
    private static List<JsonNode> items(String op, JsonNode operand) {
        if (operand.isObject() && operand.has("$each")) {
            if (operand.size() != 1) {
                throw new QueryException(op + " supports only the $each modifier");
            }
            JsonNode each = operand.get("$each");
            if (!each.isArray()) {
                throw new QueryException("$each needs an array");
            }
            List<JsonNode> items = new ArrayList<>();
            each.forEach(items::add);
            return items;
        }
        return List.of(operand);
    }

    /** A value to remove, an operator document on elements, or a filter on object elements. */
    private static Filter.Condition pullCondition(JsonNode operand) {
        if (operand.isObject() && operand.size() > 0) {
            String first = operand.fieldNames().next();
            if (first.startsWith("$")) {
                return FilterParser.condition(operand);
            }
            return new Filter.ElemMatchFields(FilterParser.parse(operand));
        }
        return new Filter.Eq(operand);
    }

    private static JsonNode currentDate(JsonNode operand) {
        boolean timestamp = false;
        if (operand.isObject()) {
            JsonNode type = operand.get("$type");
            if (operand.size() != 1
                    || type == null
                    || !type.isTextual()
                    || !(type.textValue().equals("date") || type.textValue().equals("timestamp"))) {
                throw new QueryException("$currentDate takes true or {\"$type\": \"date\" | \"timestamp\"}");
            }
            timestamp = type.textValue().equals("timestamp");
        } else if (!operand.isBoolean()) {
            throw new QueryException("$currentDate takes true or {\"$type\": \"date\" | \"timestamp\"}");
        }
        Instant now = Instant.now();
        return timestamp
                ? JsonNodeFactory.instance.numberNode(now.toEpochMilli())
                : JsonNodeFactory.instance.textNode(now.toString());
    }

    /** MongoDB refuses two changes to one path, or to a path and a path inside it. */
    private static void checkConflicts(List<Step> steps) {
        List<FieldPath> touched = new ArrayList<>();
        for (Step step : steps) {
            touched.add(step.path());
            if (step instanceof Rename rename) {
                touched.add(rename.target());
            }
        }
        for (int i = 0; i < touched.size(); i++) {
            for (int j = i + 1; j < touched.size(); j++) {
                FieldPath a = touched.get(i);
                FieldPath b = touched.get(j);
                if (a.isPrefixOf(b) || b.isPrefixOf(a)) {
                    throw new QueryException(
                            "Updating the path " + a.dotted() + " would create a conflict at " + b.dotted());
                }
            }
        }
    }

    /** Every value this update writes into documents (their property names must be checked). */
    public List<JsonNode> writtenValues() {
        List<JsonNode> values = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Set set) values.add(set.value());
            else if (step instanceof Extreme extreme) values.add(extreme.value());
            else if (step instanceof Push push) values.addAll(push.items());
            else if (step instanceof AddToSet add) values.addAll(add.items());
        }
        return values;
    }

    /**
     * Writes a chain of {@code cross join lateral (select ... as v) uN} clauses, each step reading
     * the one before, starting from {@code input}; returns the expression of the final document.
     */
    public String compile(String input, Sql sql) {
        String current = input;
        for (int i = 0; i < steps.size(); i++) {
            String alias = "u" + (i + 1);
            sql.append(" cross join lateral (select ");
            step(steps.get(i), current, sql);
            sql.append(" as v) " + alias);
            current = alias + ".v";
        }
        return current;
    }

    private static void step(Step step, String doc, Sql sql) {
        String path = sql.placeholder(step.path().array()) + "::text[]";
        if (step instanceof Set set) {
            sql.append("warden_set(" + doc + ", " + path + ", ")
                    .bind(set.value().toString())
                    .append("::text::jsonb)");
        } else if (step instanceof Unset) {
            sql.append("warden_unset(" + doc + ", " + path + ")");
        } else if (step instanceof Arithmetic arithmetic) {
            sql.append("warden_arith(" + doc + ", " + path + ", '" + arithmetic.op() + "', ")
                    .bind(arithmetic.operand().decimalValue().toPlainString())
                    .append("::text::numeric, '" + arithmetic.label() + "')");
        } else if (step instanceof Extreme extreme) {
            sql.append("warden_extreme(" + doc + ", " + path + ", ")
                    .bind(extreme.value().toString())
                    .append("::text::jsonb, " + extreme.want() + ")");
        } else if (step instanceof Rename rename) {
            sql.append("warden_rename(" + doc + ", " + path + ", ")
                    .bind(rename.target().array())
                    .append("::text[])");
        } else if (step instanceof Push push) {
            sql.append("warden_push(" + doc + ", " + path + ", ")
                    .bind(array(push.items()))
                    .append("::text::jsonb)");
        } else if (step instanceof AddToSet add) {
            sql.append("warden_add_to_set(" + doc + ", " + path + ", ")
                    .bind(array(add.items()))
                    .append("::text::jsonb)");
        } else if (step instanceof Pop pop) {
            sql.append("warden_pop(" + doc + ", " + path + ", " + pop.direction() + ")");
        } else if (step instanceof CurrentDate date) {
            sql.append("warden_set(" + doc + ", " + path + ", ")
                    .bind(date.value().toString())
                    .append("::text::jsonb)");
        } else if (step instanceof Pull pull) {
            sql.append("case when " + doc + " #> " + path + " is null then " + doc + " else warden_set(" + doc + ", "
                    + path + ", coalesce((select jsonb_agg(pulled.v order by pulled.n) from jsonb_array_elements("
                    + "warden_array(" + doc + ", " + path + ", '$pull')) with ordinality pulled(v, n) where not (");
            if (pull.condition() instanceof Filter.ElemMatchFields fields) {
                sql.append("jsonb_typeof(pulled.v) = 'object' and ");
                FilterCompiler.compile(fields.filter(), "pulled.v", null, sql);
            } else {
                FilterCompiler.compileValue(pull.condition(), "pulled.v", sql);
            }
            sql.append(")), '[]'::jsonb)) end");
        }
    }

    private static String array(List<JsonNode> items) {
        return JsonNodeFactory.instance.arrayNode().addAll(items).toString();
    }
}
