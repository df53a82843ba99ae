package dev.warden.query;

import java.util.Arrays;
import java.util.List;

/**
 * A dotted field path such as {@code owner.name}. Each segment is a plain property name: not
 * empty, not starting with {@code $}, not all digits (positional paths are not supported).
 */
public record FieldPath(List<String> segments) {

    public static final String ID = "_id";
    static final int MAX_DEPTH = 32;

    public FieldPath {
        segments = List.copyOf(segments);
    }

    public static FieldPath parse(String dotted) {
        if (dotted == null || dotted.isEmpty()) {
            throw new QueryException("A field name must not be empty");
        }
        List<String> segments = Arrays.asList(dotted.split("\\.", -1));
        if (segments.size() > MAX_DEPTH) {
            throw new QueryException("Field path '" + shorten(dotted) + "' is nested too deeply");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new QueryException("Field path '" + shorten(dotted) + "' has an empty part");
            }
            if (segment.startsWith("$")) {
                throw new QueryException("Unknown operator " + shorten(segment));
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                throw new QueryException(
                        "Field path '" + shorten(dotted) + "': positional paths (a.0) are not supported");
            }
            if (segment.indexOf('\u0000') >= 0) {
                throw new QueryException("Field names may not contain the NUL character");
            }
        }
        return new FieldPath(segments);
    }

    public boolean isId() {
        return segments.size() == 1 && segments.get(0).equals(ID);
    }

    /** Whether the path goes below {@code _id}, which holds a string and has no parts. */
    public boolean isBelowId() {
        return segments.size() > 1 && segments.get(0).equals(ID);
    }

    public String dotted() {
        return String.join(".", segments);
    }

    /** The path as lax SQL/JSON path text: every segment double-quoted and escaped. */
    public String jsonPath() {
        StringBuilder path = new StringBuilder("$");
        for (String segment : segments) {
            path.append('.');
            appendQuoted(path, segment);
        }
        return path.toString();
    }

    public String[] array() {
        return segments.toArray(String[]::new);
    }

    public boolean isPrefixOf(FieldPath other) {
        return other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
