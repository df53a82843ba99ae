package dev.warden.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Query parameters looked up case-insensitively (the SDKs send {@code orderby} and {@code orderBy}). */
public final class QueryParams {

    private final MultivaluedMap<String, String> raw;

    private QueryParams(MultivaluedMap<String, String> raw) {
        this.raw = raw;
    }

    public static QueryParams of(UriInfo uriInfo) {
        return new QueryParams(uriInfo.getQueryParameters());
    }

    public Optional<String> get(String name) {
        for (Map.Entry<String, List<String>> entry : raw.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
                    && !entry.getValue().isEmpty()) {
                return Optional.ofNullable(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    public int integer(String name, int fallback) {
        Optional<String> value = get(name).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }

    /** Accepts true/false in any case (the C# SDK sends {@code True}). */
    public boolean bool(String name, boolean fallback) {
        Optional<String> value = get(name).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }
}
