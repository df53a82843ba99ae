package dev.warden.mesh;

import java.util.Optional;

/**
 * The documents one request may touch: one mesh of one account and, when the caller's grants are
 * own-scoped (spec §9.2), only those the caller owns. The access decision chose it; the store
 * only turns it into SQL.
 */
public record Reach(String account, String mesh, Optional<String> owner) {

    /** The owner as a bind value: null reaches every owner. */
    String ownerOrNull() {
        return owner.orElse(null);
    }
}
