package dev.warden.account;

import java.util.Locale;

/** How an account verifies new users. */
public enum Verification {
    NONE,
    QUESTION,
    EMAIL,
    TEXT;

    public static Verification parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "warden.verification must be none, question, email or text, got " + value);
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Email and text need a delivery channel Warden does not have yet. */
    public boolean isDelivered() {
        return this == EMAIL || this == TEXT;
    }
}
