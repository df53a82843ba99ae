package dev.warden.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code If-Match} precondition: the versions a write may replace. Absent (or {@code *}) means
 * any version; a value that names no version can never match, so the write is refused with 412.
 */
public record IfMatch(Optional<List<Long>> versions) {

    static final IfMatch ANY = new IfMatch(Optional.empty());

    public static IfMatch parse(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return ANY;
        }
        List<Long> versions = new ArrayList<>();
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
            try {
                versions.add(Long.parseLong(t));
            } catch (NumberFormatException e) {
                // Not one of ours: it matches nothing.
            }
        }
        return new IfMatch(Optional.of(versions));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The versions as a SQL array parameter, or null for "any". */
    Long[] sqlArray() {
        return versions.map(v -> v.toArray(Long[]::new)).orElse(null);
    }
}
