package dev.warden.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * What a stored document may hold: property names that do not start with {@code $} and hold no
 * {@code .} at any depth, no NUL characters (PostgreSQL text cannot hold them), and an {@code _id}
 * that, when given, is 24 hex characters.
 */
public final class DocumentRules {

    private DocumentRules() {}

    /**
     * Checks {@code document} (a request's own parsed body) and removes its {@code _id}, leaving it
     * ready to store. Read the requested id with {@link #idFor} first.
     */
    public static ObjectNode storable(JsonNode document, String where) {
        if (document == null || !document.isObject()) {
            throw ApiException.badRequest(where + "must be a JSON object");
        }
        ObjectNode object = (ObjectNode) document;
        object.remove("_id");
        checkValue(object, where);
        return object;
    }

    /** The id a create asked for, or a new one. */
    public static String idFor(JsonNode document, String where) {
        JsonNode id = document.get("_id");
        if (id == null || id.isNull()) {
            return Ids.next();
        }
        if (!id.isTextual() || !Ids.isValid(id.textValue())) {
            throw ApiException.badRequest(where + "_id must be 24 lowercase hexadecimal characters");
        }
        return id.textValue();
    }

    /** Checks a value written by an update operator. */
    public static void checkValue(JsonNode value, String where) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkName(field.getKey(), where);
                checkValue(field.getValue(), where);
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                checkValue(item, where);
            }
        } else if (value.isTextual() && value.textValue().indexOf('\u0000') >= 0) {
            throw ApiException.badRequest(where + "strings may not contain the NUL character");
        } else if (value.isNumber() && !storableNumber(value)) {
            throw ApiException.badRequest(
                    where + "a number is outside the range that can be stored: " + shorten(value.asText()));
        }
    }

    /**
     * PostgreSQL stores JSON numbers as {@code numeric}: at most 131,072 digits before the decimal
     * point and 16,383 after. Beyond that (1e999999, 1e-999999) it refuses the whole document.
     */
    static boolean storableNumber(JsonNode number) {
        if (number.isFloat() || number.isDouble()) {
            return Double.isFinite(number.doubleValue());
        }
        BigDecimal decimal = number.decimalValue();
        if (decimal.signum() == 0) {
            return true;
        }
        long integerDigits = (long) decimal.precision() - decimal.scale();
        return integerDigits <= MAX_INTEGER_DIGITS && decimal.scale() <= MAX_FRACTION_DIGITS;
    }

    static final int MAX_INTEGER_DIGITS = 131_072;
    static final int MAX_FRACTION_DIGITS = 16_383;

    public static void checkName(String name, String where) {
        if (name.startsWith("$")) {
            throw ApiException.badRequest(where + "property names may not start with $: " + shorten(name));
        }
        if (name.indexOf('.') >= 0) {
            throw ApiException.badRequest(where + "property names may not contain '.': " + shorten(name));
        }
        if (name.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest(where + "property names may not contain the NUL character");
        }
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
