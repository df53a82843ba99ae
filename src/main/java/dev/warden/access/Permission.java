package dev.warden.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * Some actions granted on one permissible (a name, a pattern or a broad name), reaching all
 * documents or only the holder's own ({@link Scope}; only meshes have owners, so only they narrow).
 */
public record Permission(Permissible permissible, Set<Action> actions, Scope scope) {

    public Permission {
        actions = actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions);
        scope = scope == null ? Scope.ALL : scope;
    }

    public Permission(Permissible permissible, Set<Action> actions) {
        this(permissible, actions, Scope.ALL);
    }

    public static Permission of(Permissible permissible, boolean create, boolean read, boolean update, boolean delete) {
        return of(permissible, create, read, update, delete, Scope.ALL);
    }

    public static Permission of(
            Permissible permissible, boolean create, boolean read, boolean update, boolean delete, Scope scope) {
        EnumSet<Action> actions = EnumSet.noneOf(Action.class);
        if (create) actions.add(Action.CREATE);
        if (read) actions.add(Action.READ);
        if (update) actions.add(Action.UPDATE);
        if (delete) actions.add(Action.DELETE);
        return new Permission(permissible, actions, scope);
    }

    public boolean grants(Action action, Permissible target) {
        return actions.contains(action) && permissible.covers(target);
    }

    /** The documents this grant reaches for {@code action}: creating is never narrowed (spec §9.2). */
    public Scope scopeFor(Action action) {
        return action == Action.CREATE || permissible.kind() != PermissibleKind.MESHES ? Scope.ALL : scope;
    }
}
