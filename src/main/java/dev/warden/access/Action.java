package dev.warden.access;

import java.util.Locale;

/** What a caller may do to a permissible. */
public enum Action {
    CREATE,
    READ,
    UPDATE,
    DELETE;

    /** The lowercase word used on the wire and in error messages. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action a wire word names, in any case. */
    public static java.util.Optional<Action> parse(String word) {
        for (Action action : values()) {
            if (action.word().equals(word == null ? "" : word.toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(action);
            }
        }
        return java.util.Optional.empty();
    }
}
