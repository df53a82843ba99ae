package dev.warden.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses JSON as the C# SDK writes it in query strings: unquoted keys and single quotes allowed.
 * Nesting is bounded so a hostile parameter cannot exhaust the stack.
 */
public final class RelaxedJson {

    public static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .build());
    }

    private RelaxedJson() {}

    /** Parses {@code text}, naming {@code what} in the 400 when it is not JSON. */
    public static JsonNode parse(String what, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
