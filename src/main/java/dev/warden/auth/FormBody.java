package dev.warden.auth;

import dev.warden.api.OAuthException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded here rather than by the framework:
 * its decoder throws on a malformed escape ({@code %zz}) where no handler answers, leaving the
 * connection hanging. Here a malformed body is a 400 {@code invalid_request}, at once.
 */
record FormBody(Map<String, String> fields) {

    static final int MAX_FIELDS = 64;

    static FormBody parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return new FormBody(fields);
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw OAuthException.invalidRequest("Too many form fields");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value); // the first value of a repeated field counts
        }
        return new FormBody(fields);
    }

    String get(String name) {
        return fields.get(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed form body: " + e.getMessage());
        }
    }
}
