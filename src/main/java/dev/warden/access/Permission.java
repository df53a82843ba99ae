package dev.warden.access;

import java.util.EnumSet;
import java.util.Set;

/** Some actions granted on one permissible. */
public record Permission(Permissible permissible, Set<Action> actions) {

    public Permission {
        actions = actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions);
    }

    public static Permission of(Permissible permissible, boolean create, boolean read, boolean update, boolean delete) {
        EnumSet<Action> actions = EnumSet.noneOf(Action.class);
        if (create) actions.add(Action.CREATE);
        if (read) actions.add(Action.READ);
        if (update) actions.add(Action.UPDATE);
        if (delete) actions.add(Action.DELETE);
        return new Permission(permissible, actions);
    }

    public boolean grants(Action action, Permissible target) {
        return actions.contains(action) && permissible.covers(target);
    }
}
