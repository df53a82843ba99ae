package dev.warden.mesh;

import java.util.Optional;

/**
 * The documents one request may touch: one mesh of one account and, when the caller's grants are
 * own-scoped (spec §9.2), only those the caller owns. The access decision chose it; the store
 * only turns it into SQL.
 */
public record Reach(String account, String mesh, Optional<MeshStore.Owner> owner) {

    /** The owner as one bind value, {@code {id, type}}: null reaches every owner. */
    String[] ownerOrNull() {
        return owner.map(o -> new String[] {o.id(), o.type()}).orElse(null);
    }
}
