package dev.warden.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A JSON object request body read with case-insensitive keys (the C# SDK sends PascalCase) and
 * type checks that name the offending field. Absent and null are told apart, so a PUT can keep
 * what the caller left out.
 */
public final class Body {

    private final ObjectNode node;

    private Body(ObjectNode node) {
        this.node = node;
    }

    public static Body of(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        return new Body((ObjectNode) node);
    }

    /** The value under {@code key} in any letter case; empty when absent. */
    public Optional<JsonNode> raw(String key) {
        JsonNode exact = node.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        String wanted = key.toLowerCase(Locale.ROOT);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    public boolean has(String key) {
        return raw(key).isPresent();
    }

    /** A string, or empty when absent or null. */
    public Optional<String> string(String key) {
        return raw(key).filter(v -> !v.isNull()).map(v -> {
            if (!v.isTextual()) {
                throw ApiException.badRequest(key + " must be a string");
            }
            if (v.textValue().indexOf('\u0000') >= 0) {
                throw ApiException.badRequest(key + " may not contain the NUL character");
            }
            return v.textValue();
        });
    }

    /** A non-blank string, trimmed; 400 naming the field when absent or blank. */
    public String requiredString(String key) {
        return string(key)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badRequest(key + " is required"));
    }

    public Optional<Boolean> bool(String key) {
        return raw(key).filter(v -> !v.isNull()).map(v -> {
            if (!v.isBoolean()) {
                throw ApiException.badRequest(key + " must be true or false");
            }
            return v.booleanValue();
        });
    }

    public Optional<Integer> integer(String key) {
        return raw(key).filter(v -> !v.isNull()).map(v -> {
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw ApiException.badRequest(key + " must be a whole number");
            }
            return v.intValue();
        });
    }

    /** The objects of an array under {@code key}, each read as a Body; empty when absent or null. */
    public Optional<List<Body>> objects(String key) {
        return raw(key).filter(v -> !v.isNull()).map(v -> {
            if (!v.isArray()) {
                throw ApiException.badRequest(key + " must be an array");
            }
            List<Body> items = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isObject()) {
                    throw ApiException.badRequest(key + " must hold objects");
                }
                items.add(new Body((ObjectNode) item));
            }
            return items;
        });
    }

    public <T> Optional<T> map(String key, Function<Body, T> reader) {
        return raw(key).filter(JsonNode::isObject).map(v -> reader.apply(new Body((ObjectNode) v)));
    }
}
