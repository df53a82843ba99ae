package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An {@code orderBy} such as {@code {"price": -1, "owner.name": 1}}. Values of different JSON
 * types order as MongoDB orders them (missing and null, numbers, strings, objects, arrays,
 * booleans); numbers compare numerically and strings by code point. Ties break on {@code _id}.
 */
public record Sort(List<Key> keys) {

    static final int MAX_KEYS = 16;

    public record Key(FieldPath path, boolean ascending) {}

    public static final Sort BY_ID = new Sort(List.of());

    /** An orderBy over stored documents, whose {@code _id} is a string. */
    public static Sort parse(JsonNode document) {
        return parse(document, true);
    }

    /** An orderBy over what a pipeline stage produced, where {@code _id} may be any value. */
    public static Sort parseOverResults(JsonNode document) {
        return parse(document, false);
    }

    private static Sort parse(JsonNode document, boolean idIsString) {
        if (document == null || !document.isObject()) {
            throw new QueryException("orderBy must be a JSON object such as {\"name\": 1}");
        }
        JsonText.rejectNul(document, "orderBy");
        if (document.size() > MAX_KEYS) {
            throw new QueryException("orderBy accepts at most " + MAX_KEYS + " fields");
        }
        List<Key> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode direction = field.getValue();
            if (!direction.isIntegralNumber() || Math.abs(direction.asLong()) != 1) {
                throw new QueryException(
                        "orderBy direction for " + FieldPath.shorten(field.getKey()) + " must be 1 or -1");
            }
            FieldPath path = FieldPath.parse(field.getKey());
            if (idIsString && path.isBelowId()) {
                throw new QueryException("_id is a string and has no parts");
            }
            keys.add(new Key(path, direction.asLong() == 1));
        }
        return new Sort(keys);
    }

    /** Writes the ORDER BY list (without the keywords) for documents {@code doc} with ids {@code id}. */
    public void compile(String doc, String id, Sql sql) {
        compile(doc, id, sql, DeclaredKeys.NONE);
    }

    /** The same, with declared keys ordered by their index columns (spec §14), so the index can serve it. */
    public void compile(String doc, String id, Sql sql, DeclaredKeys declared) {
        for (Key key : keys) {
            if (key.path().isId()) {
                // ids are unique: nothing after them can matter
                sql.append(id + (key.ascending() ? " asc" : " desc"));
                return;
            }
            var literal = declared.literal(key.path());
            if (literal.isPresent()) {
                String direction = key.ascending() ? " asc" : " desc";
                sql.append(String.join(direction + ", ", DeclaredKeys.columns(doc, literal.get())) + direction);
            } else {
                fieldKey(doc, key, sql);
            }
            sql.append(", ");
        }
        sql.append(id + " asc");
    }

    /**
     * Writes the ORDER BY list for pipeline results {@code doc}, where {@code _id} is an ordinary
     * field; ties keep the order {@code previous} (the results' position so far).
     */
    public void compileOverResults(String doc, String previous, Sql sql) {
        for (Key key : keys) {
            fieldKey(doc, key, sql);
            sql.append(", ");
        }
        sql.append(previous);
    }

    private static void fieldKey(String doc, Key key, Sql sql) {
        String value = "(" + doc + " #> " + sql.placeholder(key.path().array()) + "::text[])";
        valueKey(value, key.ascending(), sql);
    }

    /** Writes the ORDER BY keys that put jsonb {@code value}s in MongoDB's order across types. */
    public static void valueKey(String value, boolean ascending, Sql sql) {
        String direction = ascending ? " asc" : " desc";
        sql.append("case jsonb_typeof(" + value + ") when 'number' then 2 when 'string' then 3"
                        + " when 'object' then 4 when 'array' then 5 when 'boolean' then 6 else 1 end" + direction)
                .append(", case when jsonb_typeof(" + value + ") = 'number' then (" + value + ")::numeric end"
                        + direction)
                .append(", case when jsonb_typeof(" + value + ") = 'string' then " + value
                        + " #>> '{}' end collate \"C\"" + direction)
                // Null and missing stay tied (MongoDB sorts them as equal); only these types use jsonb order.
                .append(", case when jsonb_typeof(" + value + ") in ('object', 'array', 'boolean') then " + value
                        + " end" + direction);
    }
}
