package dev.warden.access;

import java.util.List;

/**
 * The outcome of an access question: allowed or not, why, which documents it reaches (spec §9.2:
 * {@code all} when any matching grant says so) and the grants that matched.
 */
public record Decision(boolean allowed, String reason, Scope scope, List<Grant> matched) {

    public Decision {
        matched = List.copyOf(matched);
    }

    static Decision allow(String reason) {
        return new Decision(true, reason, Scope.ALL, List.of());
    }

    static Decision deny(String reason) {
        return new Decision(false, reason, Scope.ALL, List.of());
    }
}
