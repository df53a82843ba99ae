package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of documents, filters, sorts and updates over a small vocabulary, so that
 * generated conditions often hit and often miss. Arrays are one level deep (the documented limit).
 */
final class Generators {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<String> STRINGS = List.of("a", "b", "ab", "ba", "B", "abc", "é", "", "a b", "Zed", "zz");
    static final List<String> FILTER_PATHS = List.of(
            "n", "s", "b", "tags", "o", "o.x", "o.y", "arr", "arr.k", "arr.v", "mixed", "nothing", "_id", "o.list");
    static final List<String> SORT_PATHS = List.of("n", "s", "b", "o.x", "o.y", "_id", "nothing");
    static final List<String> REGEXES = List.of("^a", "b$", "a.b", "[ab]", "é", "^$", "^A", "z+", "^.b", "a|Z");

    private final Random random;

    Generators(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    JsonNode number() {
        int whole = random.nextInt(11) - 5;
        return chance(25)
                ? JSON.numberNode(BigDecimal.valueOf(whole).add(new BigDecimal("0.5")))
                : JSON.numberNode(whole);
    }

    JsonNode string() {
        return JSON.textNode(pick(STRINGS));
    }

    JsonNode scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> number();
            case 1, 2 -> string();
            case 3 -> JSON.booleanNode(chance(50));
            default -> JSON.nullNode();
        };
    }

    JsonNode scalarArray() {
        ArrayNode array = JSON.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) array.add(chance(70) ? string() : number());
        return array;
    }

    ObjectNode object() {
        ObjectNode o = JSON.objectNode();
        if (chance(80)) o.set("x", chance(85) ? number() : scalar());
        if (chance(70)) o.set("y", string());
        if (chance(20)) o.set("list", scalarArray());
        return o;
    }

    /** A document with an _id, as the SQL side stores it (id column plus data). */
    ObjectNode document(int index) {
        ObjectNode d = JSON.objectNode();
        d.put("_id", String.format("%024x", index * 7919L + 4096));
        if (chance(85)) d.set("n", chance(85) ? number() : scalar());
        if (chance(85)) d.set("s", chance(85) ? string() : scalar());
        if (chance(70)) d.set("b", chance(85) ? JSON.booleanNode(chance(50)) : JSON.nullNode());
        if (chance(70)) d.set("tags", chance(85) ? scalarArray() : string());
        if (chance(70)) {
            if (chance(70)) {
                d.set("o", object());
            } else {
                ArrayNode objects = JSON.arrayNode();
                int size = random.nextInt(3);
                for (int i = 0; i < size; i++) objects.add(object());
                d.set("o", objects);
            }
        }
        if (chance(60)) {
            ArrayNode arr = JSON.arrayNode();
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                ObjectNode e = JSON.objectNode();
                if (chance(80)) e.set("k", number());
                if (chance(80)) e.set("v", string());
                arr.add(chance(90) ? e : string());
            }
            d.set("arr", arr);
        }
        if (chance(60)) {
            d.set(
                    "mixed",
                    switch (random.nextInt(4)) {
                        case 0 -> scalar();
                        case 1 -> scalarArray();
                        case 2 -> object();
                        default -> number();
                    });
        }
        return d;
    }

    // ---- filters

    JsonNode filter(int depth) {
        ObjectNode f = JSON.objectNode();
        if (depth < 2 && chance(25)) {
            String op = pick(List.of("$and", "$or", "$nor"));
            ArrayNode parts = f.putArray(op);
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) parts.add(filter(depth + 1));
            return f;
        }
        int fields = 1 + (chance(20) ? 1 : 0);
        for (int i = 0; i < fields; i++) {
            String path = pick(FILTER_PATHS);
            f.set(path, condition(path, depth));
        }
        return f;
    }

    JsonNode valueFor(String path) {
        if (path.equals("_id")) {
            return chance(80) ? JSON.textNode(String.format("%024x", random.nextInt(200) * 7919L + 4096)) : string();
        }
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> number();
            case 3, 4, 5 -> string();
            case 6 -> chance(50) ? JSON.booleanNode(chance(50)) : JSON.nullNode();
            default -> chance(50) ? scalarArray() : object();
        };
    }

    JsonNode comparable() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> number();
            case 2, 3 -> string();
            default -> JSON.booleanNode(chance(50));
        };
    }

    JsonNode condition(String path, int depth) {
        ObjectNode ops = JSON.objectNode();
        switch (random.nextInt(17)) {
            case 0, 1 -> {
                return valueFor(path);
            }
            case 2 -> ops.set("$eq", valueFor(path));
            case 3 -> ops.set("$ne", valueFor(path));
            case 4 -> ops.set(pick(List.of("$gt", "$gte", "$lt", "$lte")), comparable());
            case 5 -> {
                ops.set("$gte", comparable());
                ops.set("$lt", comparable());
            }
            case 6, 7 -> {
                ArrayNode values = ops.putArray(chance(70) ? "$in" : "$nin");
                int size = random.nextInt(chance(20) ? 12 : 4);
                for (int i = 0; i < size; i++) values.add(chance(90) ? valueFor(path) : JSON.nullNode());
            }
            case 8 -> ops.put("$exists", chance(50));
            case 9 -> ops.put("$type", pick(List.of("number", "int", "string", "object", "array", "bool", "null")));
            case 10, 11 -> {
                ops.put("$regex", pick(REGEXES));
                if (chance(40)) ops.put("$options", "i");
            }
            case 12 -> {
                ObjectNode inner = JSON.objectNode();
                if (chance(50)) inner.set(pick(List.of("$gt", "$lte")), comparable());
                else inner.put("$regex", pick(REGEXES));
                ops.set("$not", inner);
            }
            case 13 -> {
                ArrayNode values = ops.putArray("$all");
                int size = random.nextInt(3);
                for (int i = 0; i < size; i++) values.add(chance(50) ? string() : number());
            }
            case 14 -> ops.put("$size", random.nextInt(4));
            default -> {
                if (depth < 2 && chance(50)) {
                    ObjectNode sub = JSON.objectNode();
                    sub.set(pick(List.of("k", "v", "x", "y")), condition("k", depth + 1));
                    ops.set("$elemMatch", sub);
                } else {
                    ObjectNode sub = JSON.objectNode();
                    sub.set(pick(List.of("$gt", "$lt", "$gte")), comparable());
                    ops.set("$elemMatch", sub);
                }
            }
        }
        return ops;
    }

    JsonNode sort() {
        ObjectNode sort = JSON.objectNode();
        int keys = 1 + random.nextInt(2);
        for (int i = 0; i < keys; i++) sort.put(pick(SORT_PATHS), chance(50) ? 1 : -1);
        return sort;
    }

    // ---- updates

    static final List<String> UPDATE_PATHS =
            List.of("n", "s", "b", "tags", "o.x", "o.y", "fresh", "o.z.deep", "arr", "mixed", "o.list", "nothing.here");

    JsonNode update() {
        ObjectNode update = JSON.objectNode();
        int operators = 1 + random.nextInt(3);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < operators; i++) {
            String path = pick(UPDATE_PATHS);
            String root = path.split("\\.")[0];
            if (!used.add(root)) continue;
            String op = pick(List.of(
                    "$set",
                    "$unset",
                    "$inc",
                    "$mul",
                    "$min",
                    "$max",
                    "$rename",
                    "$push",
                    "$addToSet",
                    "$pull",
                    "$pop"));
            ObjectNode fields = update.has(op) ? (ObjectNode) update.get(op) : update.putObject(op);
            switch (op) {
                case "$set" -> fields.set(path, chance(20) ? object() : chance(20) ? scalarArray() : scalar());
                case "$unset" -> fields.put(path, "");
                case "$inc", "$mul" -> fields.set(path, number());
                case "$min", "$max" -> fields.set(path, chance(50) ? number() : string());
                case "$rename" -> {
                    String target = pick(List.of("renamed", "o2.moved", "other"));
                    if (used.add(target.split("\\.")[0])) fields.put(path, target);
                }
                case "$push", "$addToSet" -> {
                    if (chance(50)) {
                        fields.set(path, chance(70) ? string() : number());
                    } else {
                        ArrayNode each = JSON.arrayNode();
                        int size = random.nextInt(3);
                        for (int j = 0; j < size; j++) each.add(chance(70) ? string() : number());
                        fields.putObject(path).set("$each", each);
                    }
                }
                case "$pull" -> {
                    if (chance(40)) fields.set(path, chance(60) ? string() : number());
                    else if (chance(50)) fields.putObject(path).set(pick(List.of("$gte", "$lt")), comparable());
                    else fields.putObject(path).set("k", number());
                }
                default -> fields.put(path, chance(50) ? 1 : -1);
            }
            if (fields.isEmpty()) update.remove(op);
        }
        if (update.isEmpty()) update.putObject("$set").put("fresh", 1);
        return update;
    }
}
