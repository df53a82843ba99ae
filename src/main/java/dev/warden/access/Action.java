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
}
