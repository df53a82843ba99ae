package dev.warden.access;

import java.util.Locale;
import java.util.Optional;

/** Which documents of a mesh a permission reaches: all of them, or only the caller's own (spec §9.2). */
public enum Scope {
    ALL,
    OWN;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String word) {
        for (Scope scope : values()) {
            if (scope.word().equals(word)) return Optional.of(scope);
        }
        return Optional.empty();
    }
}
