package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Permissible;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed, validated aggregation pipeline: the stages a projection runs over its mesh, in order.
 * Every problem is a {@link QueryException} that names the stage (by position and operator).
 */
public record Pipeline(List<Stage> stages) {

    public static final int MAX_STAGES = 50;

    /** Every mesh the pipeline reads: its own and each {@code $lookup}'s. */
    public java.util.SortedSet<String> meshesRead(String mesh) {
        java.util.SortedSet<String> meshes = new java.util.TreeSet<>();
        meshes.add(mesh);
        for (Stage stage : stages) {
            if (stage instanceof Lookup lookup) meshes.add(lookup.from());
        }
        return meshes;
    }

    public sealed interface Stage {}

    public record Match(Filter filter) implements Stage {}

    /** {@code $project} keeping only {@code included} paths and {@code computed} ones (and {@code _id} unless dropped). */
    public record Include(boolean keepId, List<FieldPath> included, Map<FieldPath, Expression> computed)
            implements Stage {}

    /** {@code $project} dropping the given paths. */
    public record Exclude(List<FieldPath> excluded) implements Stage {}

    public record AddFields(Map<FieldPath, Expression> fields) implements Stage {}

    public record Group(Expression id, Map<String, Accumulator> accumulators) implements Stage {}

    public record Accumulator(String operator, Expression argument) {}

    public record SortBy(Sort sort) implements Stage {}

    public record Limit(long count) implements Stage {}

    public record Skip(long count) implements Stage {}

    public record Unwind(FieldPath path, boolean preserveNullAndEmptyArrays) implements Stage {}

    public record Count(String field) implements Stage {}

    public record SortByCount(Expression key) implements Stage {}

    public record ReplaceRoot(Expression newRoot) implements Stage {}

    public record Lookup(String from, FieldPath localField, FieldPath foreignField, FieldPath as) implements Stage {}

    static final Set<String> ACCUMULATORS =
            Set.of("$sum", "$avg", "$min", "$max", "$count", "$first", "$last", "$push", "$addToSet");

    public static Pipeline parse(JsonNode pipeline) {
        if (pipeline == null || !pipeline.isArray()) {
            throw new QueryException("pipeline must be a JSON array of stages");
        }
        if (pipeline.size() > MAX_STAGES) {
            throw new QueryException("A pipeline may have at most " + MAX_STAGES + " stages");
        }
        JsonText.rejectNul(pipeline, "pipeline");
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < pipeline.size(); i++) {
            JsonNode stage = pipeline.get(i);
            if (!stage.isObject() || stage.size() != 1) {
                throw new QueryException("Stage " + (i + 1) + " must be an object with exactly one stage operator");
            }
            String name = stage.fieldNames().next();
            try {
                stages.add(stage(name, stage.get(name)));
            } catch (QueryException e) {
                throw new QueryException("Stage " + (i + 1) + " (" + FieldPath.shorten(name) + "): " + e.getMessage());
            }
        }
        return new Pipeline(List.copyOf(stages));
    }

    private static Stage stage(String name, JsonNode spec) {
        return switch (name) {
            case "$match" -> new Match(FilterParser.parseOverResults(spec));
            case "$project" -> project(spec);
            case "$addFields", "$set" -> new AddFields(fields(spec));
            case "$group" -> group(spec);
            case "$sort" -> sort(spec);
            case "$limit" -> new Limit(count(spec, 1));
            case "$skip" -> new Skip(count(spec, 0));
            case "$unwind" -> unwind(spec);
            case "$count" -> new Count(outputName(spec));
            case "$sortByCount" -> new SortByCount(Expression.parse(spec));
            case "$replaceRoot" -> replaceRoot(spec);
            case "$lookup" -> lookup(spec);
            default -> throw new QueryException("Unknown pipeline stage");
        };
    }

    private static Stage project(JsonNode spec) {
        requireObject(spec, "a non-empty object such as {\"name\": 1}");
        Map<FieldPath, JsonNode> flat = new LinkedHashMap<>();
        flatten("", spec, flat);
        boolean keepId = true;
        List<FieldPath> included = new ArrayList<>();
        List<FieldPath> excluded = new ArrayList<>();
        Map<FieldPath, Expression> computed = new LinkedHashMap<>();
        for (Map.Entry<FieldPath, JsonNode> entry : flat.entrySet()) {
            FieldPath path = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNumber() || value.isBoolean()) {
                boolean keep = value.isBoolean()
                        ? value.booleanValue()
                        : value.decimalValue().signum() != 0;
                if (path.isId()) keepId = keep;
                else (keep ? included : excluded).add(path);
            } else {
                computed.put(path, Expression.parse(value));
            }
        }
        checkCollisions(flat.keySet());
        if (!excluded.isEmpty() && (!included.isEmpty() || !computed.isEmpty())) {
            throw new QueryException("cannot mix excluded fields with included or computed ones (only _id may be"
                    + " excluded from an inclusion)");
        }
        if (included.isEmpty() && computed.isEmpty()) {
            if (!keepId) excluded.add(new FieldPath(List.of(FieldPath.ID)));
            return new Exclude(excluded);
        }
        return new Include(keepId, included, computed);
    }

    /** {@code {"a": {"b": 1}}} is {@code {"a.b": 1}}; an object that is an operator call is an expression. */
    private static void flatten(String prefix, JsonNode spec, Map<FieldPath, JsonNode> flat) {
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String dotted = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()
                    && !value.isEmpty()
                    && !value.fieldNames().next().startsWith("$")) {
                flatten(dotted + ".", value, flat);
            } else if (value.isObject() && value.isEmpty()) {
                throw new QueryException("an empty object for " + FieldPath.shorten(dotted) + " projects nothing");
            } else {
                flat.put(FieldPath.parse(dotted), value);
            }
        }
    }

    private static Map<FieldPath, Expression> fields(JsonNode spec) {
        requireObject(spec, "a non-empty object of fields and expressions");
        Map<FieldPath, Expression> fields = new LinkedHashMap<>();
        spec.fields().forEachRemaining(f -> fields.put(FieldPath.parse(f.getKey()), Expression.parse(f.getValue())));
        checkCollisions(fields.keySet());
        return fields;
    }

    private static void checkCollisions(Set<FieldPath> paths) {
        for (FieldPath a : paths) {
            for (FieldPath b : paths) {
                if (a != b && a.isPrefixOf(b)) {
                    throw new QueryException("path collision between " + FieldPath.shorten(a.dotted()) + " and "
                            + FieldPath.shorten(b.dotted()));
                }
            }
        }
    }

    private static Stage group(JsonNode spec) {
        requireObject(spec, "an object with _id and accumulator fields");
        if (!spec.has(FieldPath.ID)) {
            throw new QueryException("_id is required (use null for a single group)");
        }
        Map<String, Accumulator> accumulators = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals(FieldPath.ID)) continue;
            checkOutputName(name);
            JsonNode value = field.getValue();
            if (!value.isObject() || value.size() != 1) {
                throw new QueryException("field " + FieldPath.shorten(name) + " needs one accumulator such as"
                        + " {\"$sum\": \"$price\"}");
            }
            String operator = value.fieldNames().next();
            if (!ACCUMULATORS.contains(operator)) {
                throw new QueryException(
                        "Unknown accumulator " + FieldPath.shorten(operator) + " for field " + FieldPath.shorten(name));
            }
            JsonNode argument = value.get(operator);
            if (operator.equals("$count")) {
                if (!argument.isObject() || !argument.isEmpty()) {
                    throw new QueryException("$count takes no argument: {\"$count\": {}}");
                }
                accumulators.put(name, new Accumulator(operator, null));
            } else {
                accumulators.put(name, new Accumulator(operator, Expression.parse(argument)));
            }
        }
        return new Group(Expression.parse(spec.get(FieldPath.ID)), accumulators);
    }

    private static Stage sort(JsonNode spec) {
        requireObject(spec, "a non-empty object such as {\"price\": -1}");
        return new SortBy(Sort.parseOverResults(spec));
    }

    private static long count(JsonNode spec, long minimum) {
        if (!spec.isIntegralNumber() || !spec.canConvertToLong() || spec.longValue() < minimum) {
            throw new QueryException("needs a whole number of at least " + minimum);
        }
        return spec.longValue();
    }

    private static Stage unwind(JsonNode spec) {
        if (spec.isTextual()) {
            return new Unwind(fieldReference(spec, "path"), false);
        }
        requireObject(spec, "\"$field\" or {\"path\": \"$field\", \"preserveNullAndEmptyArrays\": true}");
        boolean preserve = false;
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case "path" -> {}
                case "preserveNullAndEmptyArrays" -> {
                    if (!field.getValue().isBoolean()) {
                        throw new QueryException("preserveNullAndEmptyArrays must be true or false");
                    }
                    preserve = field.getValue().booleanValue();
                }
                default -> throw new QueryException("unsupported option " + FieldPath.shorten(field.getKey()));
            }
        }
        if (!spec.has("path")) throw new QueryException("path is required");
        return new Unwind(fieldReference(spec.get("path"), "path"), preserve);
    }

    private static Stage replaceRoot(JsonNode spec) {
        if (!spec.isObject() || spec.size() != 1 || !spec.has("newRoot")) {
            throw new QueryException("needs {\"newRoot\": <expression>}");
        }
        return new ReplaceRoot(Expression.parse(spec.get("newRoot")));
    }

    private static Stage lookup(JsonNode spec) {
        requireObject(spec, "{\"from\", \"localField\", \"foreignField\", \"as\"}");
        Set<String> names = new java.util.HashSet<>();
        spec.fieldNames().forEachRemaining(names::add);
        if (!names.equals(Set.of("from", "localField", "foreignField", "as"))) {
            throw new QueryException(
                    "needs exactly from, localField, foreignField and as (the pipeline form is not" + " supported)");
        }
        String from = text(spec.get("from"), "from");
        if (!Permissible.ITEM_NAME.matcher(from).matches()) {
            throw new QueryException("from must name a mesh (letters only)");
        }
        FieldPath foreign = FieldPath.parse(text(spec.get("foreignField"), "foreignField"));
        if (foreign.segments().size() > FilterCompiler.CONTAINMENT_MAX_DEPTH) {
            throw new QueryException(
                    "foreignField may be at most " + FilterCompiler.CONTAINMENT_MAX_DEPTH + " levels deep");
        }
        return new Lookup(
                from,
                FieldPath.parse(text(spec.get("localField"), "localField")),
                foreign,
                FieldPath.parse(text(spec.get("as"), "as")));
    }

    private static FieldPath fieldReference(JsonNode value, String what) {
        if (!value.isTextual()
                || !value.textValue().startsWith("$")
                || value.textValue().startsWith("$$")) {
            throw new QueryException(what + " must be a field reference such as \"$tags\"");
        }
        return FieldPath.parse(value.textValue().substring(1));
    }

    private static String outputName(JsonNode spec) {
        String name = text(spec, "the output field name");
        checkOutputName(name);
        return name;
    }

    private static void checkOutputName(String name) {
        if (name.isEmpty() || name.startsWith("$") || name.contains(".")) {
            throw new QueryException("output field name '" + FieldPath.shorten(name)
                    + "' must not be empty, start with $ or contain '.'");
        }
    }

    private static String text(JsonNode value, String what) {
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new QueryException(what + " must be a non-empty string");
        }
        return value.textValue();
    }

    private static void requireObject(JsonNode spec, String shape) {
        if (!spec.isObject() || spec.isEmpty()) {
            throw new QueryException("needs " + shape);
        }
    }
}
