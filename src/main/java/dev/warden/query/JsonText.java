package dev.warden.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Checks on request JSON before it becomes a parameter of a query. */
final class JsonText {

    private JsonText() {}

    /** PostgreSQL text and jsonb cannot hold NUL; refuse it anywhere (keys or strings) up front. */
    static void rejectNul(JsonNode node, String what) {
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            throw new QueryException(what + " may not contain the NUL character");
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    throw new QueryException(what + " may not contain the NUL character");
                }
                rejectNul(field.getValue(), what);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                rejectNul(item, what);
            }
        }
    }
}
