package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory statement of the pipeline semantics Warden documents, written from the README's
 * definitions (MongoDB's, with the listed deviations) and not from the SQL compiler. Documents go
 * in {@code _id} order; stage by stage the list keeps its order as documented.
 */
final class PipelineReference {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A failure MongoDB would report for this data (a wrong type for an operator, division by zero). */
    static final class EvaluationError extends RuntimeException {
        EvaluationError(String message) {
            super(message);
        }
    }

    private final Map<String, List<ObjectNode>> meshes;

    /** {@code meshes}: every mesh of the account by name, documents in {@code _id} order ({@code $lookup}). */
    PipelineReference(Map<String, List<ObjectNode>> meshes) {
        this.meshes = meshes;
    }

    List<ObjectNode> run(Pipeline pipeline, List<ObjectNode> input) {
        List<ObjectNode> docs = new ArrayList<>(input);
        for (Pipeline.Stage stage : pipeline.stages()) docs = stage(stage, docs);
        return docs;
    }

    /** The final read: filter, stable sort, page. */
    static List<ObjectNode> page(List<ObjectNode> results, Filter filter, Sort sort, long offset, int limit) {
        List<ObjectNode> kept = new ArrayList<>(
                results.stream().filter(d -> Reference.matches(filter, d)).toList());
        kept.sort(keys(sort));
        return kept.subList((int) Math.min(offset, kept.size()), (int) Math.min(offset + limit, kept.size()));
    }

    private List<ObjectNode> stage(Pipeline.Stage stage, List<ObjectNode> docs) {
        List<ObjectNode> out = new ArrayList<>();
        if (stage instanceof Pipeline.Match match) {
            for (ObjectNode d : docs) if (Reference.matches(match.filter(), d)) out.add(d);
        } else if (stage instanceof Pipeline.Include include) {
            for (ObjectNode d : docs) {
                ObjectNode r = JSON.objectNode();
                if (include.keepId() && !include.computed().containsKey(new FieldPath(List.of("_id")))) {
                    put(r, List.of("_id"), d.get("_id"));
                }
                for (FieldPath path : include.included())
                    put(r, path.segments(), Reference.sortValue(d, path.segments()));
                include.computed().forEach((path, e) -> put(r, path.segments(), eval(e, d)));
                out.add(r);
            }
        } else if (stage instanceof Pipeline.Exclude exclude) {
            for (ObjectNode d : docs) {
                ObjectNode r = d.deepCopy();
                exclude.excluded().forEach(path -> Reference.unset(r, path.segments()));
                out.add(r);
            }
        } else if (stage instanceof Pipeline.AddFields add) {
            for (ObjectNode d : docs) {
                ObjectNode r = d.deepCopy();
                add.fields().forEach((path, e) -> put(r, path.segments(), eval(e, d)));
                out.add(r);
            }
        } else if (stage instanceof Pipeline.Group group) {
            out = group(group, docs);
        } else if (stage instanceof Pipeline.SortByCount byCount) {
            Map<String, JsonNode> keys = new LinkedHashMap<>();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (ObjectNode d : docs) {
                JsonNode key = orNull(eval(byCount.key(), d));
                keys.putIfAbsent(identity(key), key);
                counts.merge(identity(key), 1L, Long::sum);
            }
            for (String k : keys.keySet()) {
                ObjectNode r = JSON.objectNode();
                r.set("_id", keys.get(k));
                r.put("count", counts.get(k));
                out.add(r);
            }
            out.sort(Comparator.<ObjectNode>comparingLong(r -> -r.get("count").longValue())
                    .thenComparing((a, b) -> Reference.compareValues(a.get("_id"), b.get("_id"))));
        } else if (stage instanceof Pipeline.SortBy sortBy) {
            out.addAll(docs);
            out.sort(keys(sortBy.sort()));
        } else if (stage instanceof Pipeline.Limit limit) {
            out.addAll(docs.subList(0, (int) Math.min(limit.count(), docs.size())));
        } else if (stage instanceof Pipeline.Skip skip) {
            out.addAll(docs.subList((int) Math.min(skip.count(), docs.size()), docs.size()));
        } else if (stage instanceof Pipeline.Unwind unwind) {
            List<String> path = unwind.path().segments();
            for (ObjectNode d : docs) {
                JsonNode value = Reference.sortValue(d, path);
                List<JsonNode> elements = new ArrayList<>();
                if (value != null && value.isArray()) value.forEach(elements::add);
                else if (value != null && !value.isNull()) elements.add(value);
                for (JsonNode element : elements) {
                    ObjectNode r = d.deepCopy();
                    put(r, path, element);
                    out.add(r);
                }
                if (elements.isEmpty() && unwind.preserveNullAndEmptyArrays()) {
                    ObjectNode r = d.deepCopy();
                    if (value != null && value.isArray()) Reference.unset(r, path);
                    out.add(r);
                }
            }
        } else if (stage instanceof Pipeline.Count count) {
            if (!docs.isEmpty()) out.add(JSON.objectNode().put(count.field(), docs.size()));
        } else if (stage instanceof Pipeline.ReplaceRoot replace) {
            for (ObjectNode d : docs) {
                JsonNode root = eval(replace.newRoot(), d);
                if (root == null || !root.isObject()) throw new EvaluationError("$replaceRoot needs an object");
                out.add((ObjectNode) root);
            }
        } else if (stage instanceof Pipeline.Lookup lookup) {
            List<ObjectNode> foreign = meshes.getOrDefault(lookup.from(), List.of());
            for (ObjectNode d : docs) {
                List<JsonNode> locals =
                        lookupValues(Reference.sortValue(d, lookup.localField().segments()));
                ArrayNode joined = JSON.arrayNode();
                for (ObjectNode f : foreign) {
                    List<JsonNode> candidates =
                            Reference.candidates(f, lookup.foreignField().segments());
                    if (locals.stream().anyMatch(v -> Reference.equalsAny(candidates, v))) joined.add(f);
                }
                ObjectNode r = d.deepCopy();
                put(r, lookup.as().segments(), joined);
                out.add(r);
            }
        } else {
            throw new IllegalStateException(stage.toString());
        }
        return out;
    }

    private static List<JsonNode> lookupValues(JsonNode local) {
        List<JsonNode> values = new ArrayList<>();
        if (local != null && local.isArray()) local.forEach(values::add);
        else values.add(orNull(local));
        values.removeIf(v -> v.isObject() || v.isArray());
        return values;
    }

    private List<ObjectNode> group(Pipeline.Group group, List<ObjectNode> docs) {
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> members = new LinkedHashMap<>();
        for (ObjectNode d : docs) {
            JsonNode key = orNull(eval(group.id(), d));
            keys.putIfAbsent(identity(key), key);
            members.computeIfAbsent(identity(key), k -> new ArrayList<>()).add(d);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (String k : keys.keySet()) {
            ObjectNode r = JSON.objectNode();
            r.set("_id", keys.get(k));
            group.accumulators().forEach((name, acc) -> r.set(name, accumulate(acc, members.get(k))));
            out.add(r);
        }
        Comparator<ObjectNode> order;
        if (group.id() instanceof Expression.Document compound
                && !compound.fields().isEmpty()) {
            order = (a, b) -> 0;
            for (String field : compound.fields().keySet()) {
                order = order.thenComparing((a, b) -> Reference.compareValues(
                        a.get("_id").get(field), b.get("_id").get(field)));
            }
            // Ties left (null and missing components) fall to jsonb's order: fewer fields first, then names.
            order = order.thenComparingInt((ObjectNode r) -> r.get("_id").size())
                    .thenComparing(r -> String.join(
                            ",", (Iterable<String>) () -> r.get("_id").fieldNames()));
        } else {
            order = (a, b) -> Reference.compareValues(a.get("_id"), b.get("_id"));
        }
        out.sort(order);
        return out;
    }

    private JsonNode accumulate(Pipeline.Accumulator acc, List<ObjectNode> docs) {
        if (acc.operator().equals("$count")) return JSON.numberNode(docs.size());
        List<JsonNode> values = new ArrayList<>();
        for (ObjectNode d : docs) values.add(eval(acc.argument(), d));
        List<JsonNode> present =
                values.stream().filter(v -> v != null && !v.isNull()).toList();
        List<BigDecimal> numbers = present.stream()
                .filter(JsonNode::isNumber)
                .map(JsonNode::decimalValue)
                .toList();
        switch (acc.operator()) {
            case "$sum":
                return JSON.numberNode(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            case "$avg":
                return numbers.isEmpty()
                        ? JSON.nullNode()
                        : JSON.numberNode(numbers.stream()
                                .reduce(BigDecimal.ZERO, BigDecimal::add)
                                .divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL128));
            case "$min":
                return present.stream().min(Reference::compareValues).orElse(JSON.nullNode());
            case "$max":
                return present.stream().max(Reference::compareValues).orElse(JSON.nullNode());
            case "$first":
                return orNull(values.get(0));
            case "$last":
                return orNull(values.get(values.size() - 1));
            case "$push":
                ArrayNode pushed = JSON.arrayNode();
                values.stream().filter(v -> v != null).forEach(pushed::add);
                return pushed;
            case "$addToSet":
                Map<String, JsonNode> distinct = new LinkedHashMap<>();
                values.stream().filter(v -> v != null).forEach(v -> distinct.putIfAbsent(identity(v), v));
                ArrayNode set = JSON.arrayNode();
                distinct.values().stream().sorted(Reference::compareValues).forEach(set::add);
                return set;
            default:
                throw new IllegalStateException(acc.operator());
        }
    }

    // ---- expressions: null is "missing", NullNode is null

    static JsonNode eval(Expression e, ObjectNode d) {
        if (e instanceof Expression.Field field)
            return Reference.sortValue(d, field.path().segments());
        if (e instanceof Expression.Root) return d;
        if (e instanceof Expression.Literal literal) return literal.value();
        if (e instanceof Expression.Document document) {
            ObjectNode r = JSON.objectNode();
            document.fields().forEach((name, value) -> {
                JsonNode v = eval(value, d);
                if (v != null) r.set(name, v);
            });
            return r;
        }
        if (e instanceof Expression.Array array) {
            ArrayNode r = JSON.arrayNode();
            array.items().forEach(item -> r.add(orNull(eval(item, d))));
            return r;
        }
        Expression.Call call = (Expression.Call) e;
        List<Expression> args = call.arguments();
        switch (call.operator()) {
            case "$add":
            case "$multiply":
                boolean add = call.operator().equals("$add");
                BigDecimal result = add ? BigDecimal.ZERO : BigDecimal.ONE;
                for (Expression arg : args) {
                    JsonNode v = eval(arg, d);
                    if (v == null || v.isNull()) return JSON.nullNode();
                    if (!v.isNumber()) throw new EvaluationError(call.operator() + " on a non-number");
                    result = add ? result.add(v.decimalValue()) : result.multiply(v.decimalValue());
                }
                return JSON.numberNode(result);
            case "$subtract":
            case "$divide":
                JsonNode a = eval(args.get(0), d);
                JsonNode b = eval(args.get(1), d);
                if (a == null || b == null || a.isNull() || b.isNull()) return JSON.nullNode();
                if (!a.isNumber() || !b.isNumber()) throw new EvaluationError(call.operator() + " on a non-number");
                if (call.operator().equals("$subtract"))
                    return JSON.numberNode(a.decimalValue().subtract(b.decimalValue()));
                if (b.decimalValue().signum() == 0) throw new EvaluationError("$divide by zero");
                return JSON.numberNode(a.decimalValue().divide(b.decimalValue(), MathContext.DECIMAL128));
            case "$concat":
                StringBuilder text = new StringBuilder();
                for (Expression arg : args) {
                    JsonNode v = eval(arg, d);
                    if (v == null || v.isNull()) return JSON.nullNode();
                    if (!v.isTextual()) throw new EvaluationError("$concat on a non-string");
                    text.append(v.textValue());
                }
                return JSON.textNode(text.toString());
            case "$toUpper":
            case "$toLower":
                JsonNode s = eval(args.get(0), d);
                if (s == null || s.isNull()) return JSON.textNode("");
                if (!s.isTextual()) throw new EvaluationError(call.operator() + " on a non-string");
                return JSON.textNode(
                        call.operator().equals("$toUpper")
                                ? s.textValue().toUpperCase(java.util.Locale.ROOT)
                                : s.textValue().toLowerCase(java.util.Locale.ROOT));
            case "$size":
                JsonNode array = eval(args.get(0), d);
                if (array == null || !array.isArray()) throw new EvaluationError("$size on a non-array");
                return JSON.numberNode(array.size());
            case "$cond":
                return truthy(eval(args.get(0), d)) ? eval(args.get(1), d) : eval(args.get(2), d);
            case "$ifNull":
                for (int i = 0; i < args.size() - 1; i++) {
                    JsonNode v = eval(args.get(i), d);
                    if (v != null && !v.isNull()) return v;
                }
                return eval(args.get(args.size() - 1), d);
            case "$and":
                return JSON.booleanNode(args.stream().allMatch(arg -> truthy(eval(arg, d))));
            case "$or":
                return JSON.booleanNode(args.stream().anyMatch(arg -> truthy(eval(arg, d))));
            case "$not":
                return JSON.booleanNode(!truthy(eval(args.get(0), d)));
            default:
                int c = Reference.compareAny(orNull(eval(args.get(0), d)), orNull(eval(args.get(1), d)));
                return JSON.booleanNode(
                        switch (call.operator()) {
                            case "$eq" -> c == 0;
                            case "$ne" -> c != 0;
                            case "$gt" -> c > 0;
                            case "$gte" -> c >= 0;
                            case "$lt" -> c < 0;
                            default -> c <= 0;
                        });
        }
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) return false;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.decimalValue().signum() != 0;
        return true;
    }

    // ---- helpers

    /** Sets (or, for a missing value, removes) a path, replacing non-objects on the way. */
    static void put(ObjectNode doc, List<String> path, JsonNode value) {
        ObjectNode current = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = current.get(path.get(i));
            if (child == null || !child.isObject()) {
                if (value == null) return;
                child = current.putObject(path.get(i));
            }
            current = (ObjectNode) child;
        }
        String last = path.get(path.size() - 1);
        if (value == null) current.remove(last);
        else current.set(last, value.deepCopy());
    }

    static JsonNode orNull(JsonNode v) {
        return v == null ? JSON.nullNode() : v;
    }

    /** Equal values (numbers by value, objects regardless of key order) share an identity. */
    static String identity(JsonNode v) {
        return DifferentialTest.canonical(v);
    }

    /** A stable sort by the keys only: ties keep their order. */
    static Comparator<ObjectNode> keys(Sort sort) {
        Comparator<ObjectNode> order = (a, b) -> 0;
        for (Sort.Key key : sort.keys()) {
            Comparator<ObjectNode> byKey = (a, b) -> Reference.compareValues(
                    Reference.sortValue(a, key.path().segments()),
                    Reference.sortValue(b, key.path().segments()));
            order = order.thenComparing(key.ascending() ? byKey : byKey.reversed());
        }
        return order;
    }
}
