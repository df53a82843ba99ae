package dev.warden.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.ApiException;
import dev.warden.api.RelaxedJson;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A user-list order from {@code orderBy} ({@code {"username": 1}}). Field names are looked up in
 * a fixed table of columns, so no user text reaches the SQL.
 */
public record UserOrder(String sql) {

    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("id", "u.id"),
            Map.entry("username", "lower(u.username)"),
            Map.entry("firstname", "u.first_name"),
            Map.entry("lastname", "u.last_name"),
            Map.entry("emailaddress", "u.email_address"),
            Map.entry("phonenumber", "u.phone_number"),
            Map.entry("verified", "u.verified"),
            Map.entry("isactive", "u.is_active"),
            Map.entry("anonymous", "u.anonymous"),
            Map.entry("lastaccessed", "u.last_accessed"));

    public static final UserOrder DEFAULT = new UserOrder("lower(u.username), u.id");

    public static UserOrder parse(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return DEFAULT;
        }
        JsonNode node = RelaxedJson.parse("orderBy", orderBy);
        if (!node.isObject()) {
            throw ApiException.badRequest("orderBy must be a JSON object such as {\"username\": 1}");
        }
        StringBuilder sql = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String column = COLUMNS.get(field.getKey().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw ApiException.badRequest("orderBy cannot sort users by '" + field.getKey() + "'");
            }
            JsonNode direction = field.getValue();
            if (!direction.isInt() || (direction.intValue() != 1 && direction.intValue() != -1)) {
                throw ApiException.badRequest("orderBy direction for '" + field.getKey() + "' must be 1 or -1");
            }
            sql.append(column).append(direction.intValue() == 1 ? " asc nulls first, " : " desc nulls last, ");
        }
        return new UserOrder(sql.append("u.id").toString());
    }
}
