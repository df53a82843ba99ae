package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An in-memory statement of the filter, sort and update semantics Warden documents (MongoDB's,
 * with the deviations the README lists), written from those definitions and not from the SQL
 * compiler, so the two can be compared.
 */
final class Reference {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Reference() {}

    // ---- filters

    static boolean matches(Filter filter, ObjectNode document) {
        if (filter instanceof Filter.And and) return and.parts().stream().allMatch(f -> matches(f, document));
        if (filter instanceof Filter.Or or) return or.parts().stream().anyMatch(f -> matches(f, document));
        if (filter instanceof Filter.Nor nor) return nor.parts().stream().noneMatch(f -> matches(f, document));
        Filter.Field field = (Filter.Field) filter;
        return holds(field.condition(), candidates(document, field.path().segments()));
    }

    /** The values a path reaches: walking objects, and into arrays of objects one level per step. */
    static List<JsonNode> candidates(JsonNode document, List<String> path) {
        List<JsonNode> current = List.of(document);
        for (String segment : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode value : current) {
                if (value.isObject() && value.has(segment)) {
                    next.add(value.get(segment));
                } else if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (element.isObject() && element.has(segment)) next.add(element.get(segment));
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** Each candidate, and each element of a candidate that is an array. */
    static List<JsonNode> expanded(List<JsonNode> candidates) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode c : candidates) {
            all.add(c);
            if (c.isArray()) c.forEach(all::add);
        }
        return all;
    }

    /** Candidates, with arrays replaced by their elements (how a comparison sees an array). */
    static List<JsonNode> unwrapped(List<JsonNode> candidates) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode c : candidates) {
            if (c.isArray()) c.forEach(all::add);
            else all.add(c);
        }
        return all;
    }

    static boolean holds(Filter.Condition condition, List<JsonNode> candidates) {
        if (condition instanceof Filter.Eq eq) return equalsAny(candidates, eq.value());
        if (condition instanceof Filter.Compare compare) {
            return unwrapped(candidates).stream()
                    .anyMatch(x -> comparable(x, compare.value())
                            && satisfies(compare.op(), compareSameType(x, compare.value())));
        }
        if (condition instanceof Filter.In in) return in.values().stream().anyMatch(v -> equalsAny(candidates, v));
        if (condition instanceof Filter.Exists exists) return !candidates.isEmpty() == exists.exists();
        if (condition instanceof Filter.Type type) {
            for (Filter.JsonType t : type.types()) {
                if (t == Filter.JsonType.ARRAY) {
                    if (candidates.stream().anyMatch(JsonNode::isArray)) return true;
                } else if (unwrapped(candidates).stream().anyMatch(x -> isType(x, t))) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof Filter.Regex regex) {
            Pattern pattern = javaPattern(regex);
            return expanded(candidates).stream()
                    .anyMatch(
                            x -> x.isTextual() && pattern.matcher(x.textValue()).find());
        }
        if (condition instanceof Filter.Not not) return !holds(not.condition(), candidates);
        if (condition instanceof Filter.AllOf allOf) {
            return allOf.conditions().stream().allMatch(c -> holds(c, candidates));
        }
        if (condition instanceof Filter.All all) {
            return !all.values().isEmpty() && all.values().stream().allMatch(v -> equalsAny(candidates, v));
        }
        if (condition instanceof Filter.Size size) {
            return candidates.stream().anyMatch(c -> c.isArray() && c.size() == size.size());
        }
        if (condition instanceof Filter.ElemMatchFields match) {
            for (JsonNode c : candidates) {
                if (!c.isArray()) continue;
                for (JsonNode e : c) {
                    if (e.isObject() && matches(match.filter(), (ObjectNode) e)) return true;
                }
            }
            return false;
        }
        if (condition instanceof Filter.ElemMatchValue match) {
            for (JsonNode c : candidates) {
                if (!c.isArray()) continue;
                for (JsonNode e : c) {
                    if (holds(match.condition(), List.of(e))) return true;
                }
            }
            return false;
        }
        throw new IllegalStateException(condition.toString());
    }

    /** Missing counts as null; otherwise the value or an array element equals {@code value}. */
    static boolean equalsAny(List<JsonNode> candidates, JsonNode value) {
        if (value.isNull() && candidates.isEmpty()) return true;
        return expanded(candidates).stream().anyMatch(x -> same(x, value));
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!b.has(name) || !same(a.get(name), b.get(name))) return false;
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) return false;
            }
            return true;
        }
        return a.getNodeType() == b.getNodeType() && a.equals(b);
    }

    /** Ordering comparisons only between numbers, strings or booleans of the same kind. */
    static boolean comparable(JsonNode a, JsonNode b) {
        return (a.isNumber() && b.isNumber()) || (a.isTextual() && b.isTextual()) || (a.isBoolean() && b.isBoolean());
    }

    static int compareSameType(JsonNode a, JsonNode b) {
        if (a.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        if (a.isTextual()) return codePoints(a.textValue(), b.textValue());
        return Boolean.compare(a.booleanValue(), b.booleanValue());
    }

    static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static boolean satisfies(Filter.Comparison op, int comparison) {
        return switch (op) {
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
        };
    }

    static boolean isType(JsonNode x, Filter.JsonType type) {
        return switch (type) {
            case NUMBER -> x.isNumber();
            case INTEGER -> x.isNumber()
                    && x.decimalValue().stripTrailingZeros().scale() <= 0;
            case STRING -> x.isTextual();
            case OBJECT -> x.isObject();
            case ARRAY -> x.isArray();
            case BOOLEAN -> x.isBoolean();
            case NULL -> x.isNull();
        };
    }

    static Pattern javaPattern(Filter.Regex regex) {
        int flags = 0;
        if (regex.options().contains("i")) flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        if (regex.options().contains("m")) flags |= Pattern.MULTILINE;
        if (regex.options().contains("s")) flags |= Pattern.DOTALL;
        if (regex.options().contains("x")) flags |= Pattern.COMMENTS;
        return Pattern.compile(regex.pattern(), flags);
    }

    // ---- sort

    /** The value a sort key reads: through objects only. Missing is null. */
    static JsonNode sortValue(JsonNode document, List<String> path) {
        JsonNode current = document;
        for (String segment : path) {
            if (current == null || !current.isObject()) return null;
            current = current.get(segment);
        }
        return current;
    }

    static int rank(JsonNode x) {
        if (x == null || x.isNull()) return 1;
        if (x.isNumber()) return 2;
        if (x.isTextual()) return 3;
        if (x.isObject()) return 4;
        if (x.isArray()) return 5;
        if (x.isBoolean()) return 6;
        return 1;
    }

    static int compareValues(JsonNode a, JsonNode b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0 || rank(a) == 1) return byRank;
        if (comparable(a, b)) return compareSameType(a, b);
        throw new IllegalStateException("sort generator produced " + a + " and " + b);
    }

    static Comparator<ObjectNode> comparator(Sort sort) {
        Comparator<ObjectNode> order = (a, b) -> 0;
        for (Sort.Key key : sort.keys()) {
            Comparator<ObjectNode> byKey = (a, b) -> compareValues(
                    sortValue(a, key.path().segments()), sortValue(b, key.path().segments()));
            order = order.thenComparing(key.ascending() ? byKey : byKey.reversed());
        }
        return order.thenComparing(d -> d.get("_id").textValue());
    }

    // ---- updates

    static final class UpdateError extends RuntimeException {
        UpdateError(String message) {
            super(message);
        }
    }

    static ObjectNode apply(Update update, ObjectNode original) {
        ObjectNode doc = original.deepCopy();
        for (Update.Step step : update.steps()) {
            List<String> path = step.path().segments();
            JsonNode current = sortValue(doc, path);
            if (step instanceof Update.Set set) {
                set(doc, path, set.value());
            } else if (step instanceof Update.Unset) {
                unset(doc, path);
            } else if (step instanceof Update.Arithmetic arithmetic) {
                BigDecimal operand = arithmetic.operand().decimalValue();
                if (current == null) {
                    set(doc, path, JSON.numberNode(arithmetic.op() == '+' ? operand : BigDecimal.ZERO));
                } else if (!current.isNumber()) {
                    throw new UpdateError("non-numeric");
                } else {
                    BigDecimal value = arithmetic.op() == '+'
                            ? current.decimalValue().add(operand)
                            : current.decimalValue().multiply(operand);
                    set(doc, path, JSON.numberNode(value));
                }
            } else if (step instanceof Update.Extreme extreme) {
                if (current == null || Integer.signum(compareAny(extreme.value(), current)) == extreme.want()) {
                    set(doc, path, extreme.value());
                }
            } else if (step instanceof Update.Rename rename) {
                if (current != null) {
                    unset(doc, path);
                    set(doc, rename.target().segments(), current);
                }
            } else if (step instanceof Update.Push push) {
                ArrayNode array = arrayAt(current);
                push.items().forEach(array::add);
                set(doc, path, array);
            } else if (step instanceof Update.AddToSet add) {
                ArrayNode array = arrayAt(current);
                for (JsonNode item : add.items()) {
                    boolean present = false;
                    for (JsonNode e : array) present |= same(e, item);
                    if (!present) array.add(item);
                }
                set(doc, path, array);
            } else if (step instanceof Update.Pop pop) {
                if (current != null) {
                    ArrayNode array = arrayAt(current);
                    if (!array.isEmpty()) {
                        array.remove(pop.direction() == 1 ? array.size() - 1 : 0);
                        set(doc, path, array);
                    }
                }
            } else if (step instanceof Update.Pull pull) {
                if (current != null) {
                    ArrayNode kept = JSON.arrayNode();
                    for (JsonNode e : arrayAt(current)) {
                        boolean remove = pull.condition() instanceof Filter.ElemMatchFields fields
                                ? e.isObject() && matches(fields.filter(), (ObjectNode) e)
                                : holds(pull.condition(), List.of(e));
                        if (!remove) kept.add(e);
                    }
                    set(doc, path, kept);
                }
            } else {
                throw new IllegalStateException(step.toString());
            }
        }
        return doc;
    }

    /** A copy of the array at a path (empty when missing); anything else is an error. */
    static ArrayNode arrayAt(JsonNode current) {
        if (current == null) return JSON.arrayNode();
        if (!current.isArray()) throw new UpdateError("non-array");
        return ((ArrayNode) current).deepCopy();
    }

    /** MongoDB's order across types (scalars only within a type, as the generator writes them). */
    static int compareAny(JsonNode a, JsonNode b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0 || rank(a) == 1) return byRank;
        if (comparable(a, b)) return compareSameType(a, b);
        throw new IllegalStateException("update generator compared " + a + " with " + b);
    }

    static void set(ObjectNode doc, List<String> path, JsonNode value) {
        JsonNode current = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            ObjectNode object = (ObjectNode) current;
            JsonNode child = object.get(path.get(i));
            if (child == null) {
                child = object.putObject(path.get(i));
            } else if (!child.isObject()) {
                throw new UpdateError("not an object");
            }
            current = child;
        }
        ((ObjectNode) current).set(path.get(path.size() - 1), value.deepCopy());
    }

    static void unset(ObjectNode doc, List<String> path) {
        JsonNode current = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            current = current.get(path.get(i));
            if (current == null || !current.isObject()) return;
        }
        ((ObjectNode) current).remove(path.get(path.size() - 1));
    }
}
