package dev.warden.mesh;

import dev.warden.access.Principal;
import dev.warden.account.Account;
import java.util.Optional;

/**
 * The documents one request may touch: one mesh of one account's tenant ({@code ""} is the default
 * tenant, spec §13) and, when the caller's grants are
 * own-scoped (spec §9.2), only those the caller owns. The access decision chose it; the store
 * only turns it into SQL. {@code actor} is who makes the request, recorded with each change.
 */
public record Reach(
        String account, String tenant, String mesh, Optional<MeshStore.Owner> owner, MeshStore.Owner actor) {

    /** {@code mesh} of the account's tenant as {@code caller} reaches it: its own documents only when {@code ownOnly}. */
    static Reach of(Account account, String mesh, Principal caller, boolean ownOnly) {
        MeshStore.Owner owner = new MeshStore.Owner(caller.id(), caller.type().word());
        return new Reach(
                account.name(), account.tenant(), mesh, ownOnly ? Optional.of(owner) : Optional.empty(), owner);
    }

    /** The owner as one bind value, {@code {id, type}}: null reaches every owner. */
    String[] ownerOrNull() {
        return owner.map(o -> new String[] {o.id(), o.type()}).orElse(null);
    }

    /** Who writes, as the change log records it (spec §11): {@code <type>:<id>}. */
    String actorSetting() {
        return actor.type() + ":" + actor.id();
    }
}
