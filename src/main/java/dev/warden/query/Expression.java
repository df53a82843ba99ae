package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An aggregation expression as pipelines use it: {@code "$price"}, a literal, an operator call
 * such as {@code {"$multiply": ["$price", "$qty"]}}, or an object or array of expressions.
 * Evaluating one may yield "missing" (a path that is not there), which is distinct from null.
 */
public sealed interface Expression {

    /** {@code "$a.b"}: the value at a path of the current document, walking objects. */
    record Field(FieldPath path) implements Expression {}

    /** {@code "$$ROOT"} / {@code "$$CURRENT"}: the whole current document. */
    record Root() implements Expression {}

    record Literal(JsonNode value) implements Expression {}

    record Call(String operator, List<Expression> arguments) implements Expression {}

    /** An object whose fields are expressions; a field whose value is missing is left out. */
    record Document(Map<String, Expression> fields) implements Expression {}

    record Array(List<Expression> items) implements Expression {}

    int MAX_NODES = 1_000;

    /** Operators and how many arguments each takes (min, max; -1 for no maximum). */
    Map<String, int[]> OPERATORS = Map.ofEntries(
            Map.entry("$concat", new int[] {1, -1}),
            Map.entry("$add", new int[] {1, -1}),
            Map.entry("$multiply", new int[] {1, -1}),
            Map.entry("$subtract", new int[] {2, 2}),
            Map.entry("$divide", new int[] {2, 2}),
            Map.entry("$toUpper", new int[] {1, 1}),
            Map.entry("$toLower", new int[] {1, 1}),
            Map.entry("$cond", new int[] {3, 3}),
            Map.entry("$ifNull", new int[] {2, -1}),
            Map.entry("$size", new int[] {1, 1}),
            Map.entry("$eq", new int[] {2, 2}),
            Map.entry("$ne", new int[] {2, 2}),
            Map.entry("$gt", new int[] {2, 2}),
            Map.entry("$gte", new int[] {2, 2}),
            Map.entry("$lt", new int[] {2, 2}),
            Map.entry("$lte", new int[] {2, 2}),
            Map.entry("$and", new int[] {1, -1}),
            Map.entry("$or", new int[] {1, -1}),
            Map.entry("$not", new int[] {1, 1}));

    Set<String> COND_FIELDS = Set.of("if", "then", "else");

    /** Reads an expression; anything unknown is a {@link QueryException} naming it. */
    static Expression parse(JsonNode node) {
        return new Parser().parse(node);
    }

    /** Recursion with a node budget, so a hostile expression cannot exhaust the stack or memory. */
    final class Parser {
        private int nodes;

        Expression parse(JsonNode node) {
            if (++nodes > MAX_NODES) {
                throw new QueryException("An expression may have at most " + MAX_NODES + " parts");
            }
            if (node.isTextual() && node.textValue().startsWith("$")) {
                return reference(node.textValue());
            }
            if (node.isArray()) {
                List<Expression> items = new ArrayList<>();
                node.forEach(item -> items.add(parse(item)));
                return new Array(items);
            }
            if (!node.isObject()) {
                return new Literal(node);
            }
            if (node.size() == 1 && node.fieldNames().next().startsWith("$")) {
                Map.Entry<String, JsonNode> call = node.fields().next();
                return call(call.getKey(), call.getValue());
            }
            Map<String, Expression> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String name = entry.getKey();
                if (name.startsWith("$")) {
                    throw new QueryException("Expression object holds the operator " + FieldPath.shorten(name)
                            + " among other fields; an operator must be alone in its object");
                }
                if (name.isEmpty() || name.contains(".")) {
                    throw new QueryException("Field name '" + FieldPath.shorten(name)
                            + "' in an expression object may not be empty" + " or contain '.'");
                }
                fields.put(name, parse(entry.getValue()));
            }
            return new Document(fields);
        }

        private Expression reference(String text) {
            if (text.equals("$$ROOT") || text.equals("$$CURRENT")) {
                return new Root();
            }
            if (text.startsWith("$$")) {
                throw new QueryException("Unknown variable " + FieldPath.shorten(text) + " (known: $$ROOT, $$CURRENT)");
            }
            return new Field(FieldPath.parse(text.substring(1)));
        }

        private Expression call(String operator, JsonNode operand) {
            if (operator.equals("$literal")) {
                return new Literal(operand);
            }
            int[] arity = OPERATORS.get(operator);
            if (arity == null) {
                throw new QueryException("Unknown expression operator " + FieldPath.shorten(operator));
            }
            List<Expression> arguments = new ArrayList<>();
            if (operator.equals("$cond") && operand.isObject()) {
                if (!COND_FIELDS.equals(fieldNames(operand))) {
                    throw new QueryException("$cond needs exactly the fields if, then and else");
                }
                for (String part : List.of("if", "then", "else")) arguments.add(parse(operand.get(part)));
            } else if (operand.isArray()) {
                operand.forEach(argument -> arguments.add(parse(argument)));
            } else {
                arguments.add(parse(operand));
            }
            if (arguments.size() < arity[0] || (arity[1] >= 0 && arguments.size() > arity[1])) {
                String count = arity[1] < 0
                        ? "at least " + arity[0]
                        : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
                throw new QueryException(operator + " takes " + count + " argument(s), not " + arguments.size());
            }
            return new Call(operator, arguments);
        }

        private static Set<String> fieldNames(JsonNode object) {
            Set<String> names = new java.util.HashSet<>();
            object.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }
}
