package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Seeded pipelines over the documents of {@link Generators}: every stage and operator Warden
 * supports, in random orders, often valid and sometimes failing on the data (a string where
 * {@code $multiply} wants a number), so both answers and errors are compared.
 */
final class PipelineGenerators {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<String> SCALAR_FIELDS = List.of("$n", "$s", "$b", "$o.x", "$o.y", "$nothing");
    static final List<String> GROUP_KEYS = List.of("$s", "$b", "$o.y", "$n", "$o.x");

    private final Generators g;

    PipelineGenerators(long seed) {
        this.g = new Generators(seed);
    }

    Generators values() {
        return g;
    }

    /** After a group the documents are {_id, accumulators}; sorts and matches must know that. */
    private boolean grouped;

    private boolean scalarId;

    private List<String> numericFields = List.of();

    ArrayNode pipeline() {
        grouped = false;
        ArrayNode stages = JSON.arrayNode();
        int size = 1 + g.random().nextInt(4);
        for (int i = 0; i < size; i++) stages.add(grouped ? afterGroup() : stage());
        return stages;
    }

    /** An orderBy for reading the last pipeline's results (a compound group key is not sortable here). */
    JsonNode readSort() {
        if (!grouped || scalarId) return g.sort();
        ObjectNode sort = JSON.objectNode();
        sort.put(g.pick(numericFields), g.chance(50) ? 1 : -1);
        return sort;
    }

    private ObjectNode stage() {
        ObjectNode stage = JSON.objectNode();
        switch (g.random().nextInt(14)) {
            case 0, 1 -> stage.set("$match", g.filter(0));
            case 2 -> stage.set("$project", project());
            case 3 -> {
                ObjectNode fields = stage.putObject("$addFields");
                fields.set(g.pick(List.of("c", "o.z", "extra")), expression(0));
            }
            case 4, 5 -> stage.set("$group", group());
            case 6 -> stage.set("$sort", g.sort());
            case 7 -> stage.put(g.chance(50) ? "$limit" : "$skip", g.random().nextInt(g.chance(50) ? 8 : 300) + 1);
            case 8 -> {
                String path = g.pick(List.of("$tags", "$arr", "$mixed", "$o", "$nothing"));
                if (g.chance(50)) stage.put("$unwind", path);
                else stage.putObject("$unwind").put("path", path).put("preserveNullAndEmptyArrays", g.chance(50));
            }
            case 9 -> {
                stage.put("$count", "total");
                afterGrouping(true, List.of("total"));
            }
            case 10 -> {
                stage.put("$sortByCount", g.pick(List.of("$s", "$b", "$o.y")));
                afterGrouping(true, List.of("count"));
            }
            case 11 -> stage.putObject("$replaceRoot")
                    .set("newRoot", g.chance(70) ? document(1) : JSON.textNode(g.pick(List.of("$o", "$mixed"))));
            default -> {
                ObjectNode lookup = stage.putObject("$lookup");
                lookup.put("from", "lookups");
                lookup.put("localField", g.pick(List.of("s", "n", "tags", "o.y", "nothing")));
                lookup.put("foreignField", g.pick(List.of("key", "deep.key", "_id", "list")));
                lookup.put("as", g.pick(List.of("joined", "o.joined")));
            }
        }
        return stage;
    }

    private ObjectNode afterGroup() {
        ObjectNode stage = JSON.objectNode();
        switch (g.random().nextInt(5)) {
            case 0 -> {
                ObjectNode sort = stage.putObject("$sort");
                if (scalarId && g.chance(40)) sort.put("_id", g.chance(50) ? 1 : -1);
                else sort.put(g.pick(numericFields), g.chance(50) ? 1 : -1);
            }
            case 1 -> stage.putObject("$match")
                    .putObject(g.pick(numericFields))
                    .set(
                            g.pick(List.of("$gt", "$lte")),
                            JSON.numberNode(g.random().nextInt(6)));
            case 2 -> stage.put(
                    g.chance(50) ? "$limit" : "$skip", 1 + g.random().nextInt(5));
            case 3 -> stage.putObject("$project").put("_id", 0).put(g.pick(numericFields), 1);
            default -> stage.putObject("$addFields")
                    .set("twice", call("$multiply", JSON.textNode("$" + g.pick(numericFields)), JSON.numberNode(2)));
        }
        return stage;
    }

    private void afterGrouping(boolean scalarKey, List<String> numeric) {
        grouped = true;
        scalarId = scalarKey;
        numericFields = numeric;
    }

    private ObjectNode project() {
        ObjectNode project = JSON.objectNode();
        if (g.chance(30)) {
            project.put(g.pick(List.of("n", "tags", "o", "o.x", "arr")), 0);
            if (g.chance(30)) project.put("_id", 0);
            return project;
        }
        int fields = 1 + g.random().nextInt(3);
        for (int i = 0; i < fields; i++) {
            String field = g.pick(List.of("n", "s", "b", "o.x", "tags", "computed", "o.y"));
            if (project.has(field) || (field.startsWith("o.") && project.has("o"))) continue;
            if (field.equals("computed")) project.set(field, expression(0));
            else project.put(field, 1);
        }
        if (g.chance(25)) project.put("_id", 0);
        return project;
    }

    private ObjectNode group() {
        ObjectNode group = JSON.objectNode();
        int key = g.random().nextInt(5);
        boolean scalarKey = key != 3;
        switch (key) {
            case 0, 1 -> group.put("_id", g.pick(GROUP_KEYS));
            case 2 -> group.putNull("_id");
            case 3 -> group.putObject("_id").put("a", g.pick(GROUP_KEYS)).put("b", g.pick(GROUP_KEYS));
            default -> group.set("_id", call("$toLower", JSON.textNode("$s")));
        }
        List<String> numeric = new java.util.ArrayList<>();
        int accumulators = 1 + g.random().nextInt(3);
        for (int i = 0; i < accumulators; i++) {
            String op =
                    g.pick(List.of("$sum", "$avg", "$min", "$max", "$count", "$first", "$last", "$push", "$addToSet"));
            String name = "f" + i;
            JsonNode argument = op.equals("$count")
                    ? JSON.objectNode()
                    : g.chance(20) ? JSON.numberNode(1) : JSON.textNode(g.pick(SCALAR_FIELDS));
            group.putObject(name).set(op, argument);
            if (op.equals("$sum") || op.equals("$count")) numeric.add(name);
        }
        if (numeric.isEmpty()) {
            group.putObject("all").putObject("$count");
            numeric.add("all");
        }
        afterGrouping(scalarKey, numeric);
        return group;
    }

    JsonNode expression(int depth) {
        if (depth > 2 || g.chance(30)) {
            return g.chance(70) ? JSON.textNode(g.pick(SCALAR_FIELDS)) : g.scalar();
        }
        return switch (g.random().nextInt(16)) {
            case 0 -> call("$concat", JSON.textNode(g.pick(List.of("$s", "$o.y"))), g.string());
            case 1 -> call("$add", JSON.textNode("$n"), g.number());
            case 2 -> call("$multiply", JSON.textNode(g.pick(List.of("$n", "$o.x"))), g.number());
            case 3 -> call("$subtract", expression(depth + 1), JSON.textNode("$n"));
            case 4 -> call("$divide", JSON.textNode("$n"), g.chance(80) ? JSON.numberNode(4) : JSON.textNode("$o.x"));
            case 5 -> JSON.objectNode()
                    .set(g.chance(50) ? "$toUpper" : "$toLower", JSON.textNode(g.pick(List.of("$s", "$o.y"))));
            case 6 -> {
                ObjectNode cond = JSON.objectNode();
                cond.putObject("$cond")
                        .<ObjectNode>set(
                                "if",
                                call(
                                        g.pick(List.of("$gt", "$lte", "$eq", "$ne")),
                                        JSON.textNode(g.pick(SCALAR_FIELDS)),
                                        g.comparable()))
                        .<ObjectNode>set("then", expression(depth + 1))
                        .set("else", expression(depth + 1));
                yield cond;
            }
            case 7 -> call("$ifNull", JSON.textNode(g.pick(SCALAR_FIELDS)), g.scalar());
            case 8 -> JSON.objectNode().set("$size", JSON.textNode(g.pick(List.of("$tags", "$arr", "$o.list"))));
            case 9 -> call(g.pick(List.of("$and", "$or")), expression(depth + 1), expression(depth + 1));
            case 10 -> JSON.objectNode().set("$not", JSON.arrayNode().add(expression(depth + 1)));
            case 11 -> document(depth + 1);
            case 12 -> JSON.arrayNode().add(expression(depth + 1)).add(expression(depth + 1));
            case 13 -> JSON.objectNode().set("$literal", g.chance(50) ? JSON.textNode("$notAField") : g.scalar());
            case 14 -> JSON.textNode("$$ROOT");
            default -> call(g.pick(List.of("$gte", "$lt")), JSON.textNode("$n"), g.comparable());
        };
    }

    private ObjectNode document(int depth) {
        ObjectNode document = JSON.objectNode();
        document.set("p", expression(depth + 1));
        if (g.chance(60)) document.set("q", expression(depth + 1));
        return document;
    }

    private static ObjectNode call(String operator, JsonNode... arguments) {
        ObjectNode call = JSON.objectNode();
        ArrayNode args = call.putArray(operator);
        for (JsonNode argument : arguments) args.add(argument);
        return call;
    }
}
