package dev.warden.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A permission as the {@code permission} token claim writes it (spec §10.2):
 * {@code <permissible>:<c|r|u|d letters>[:own]}, e.g. {@code meshes.messages:cr:own}.
 */
public final class PermissionClaim {

    private PermissionClaim() {}

    public static String format(Permission permission) {
        StringBuilder letters = new StringBuilder();
        for (Action action : Action.values()) {
            if (permission.actions().contains(action))
                letters.append(action.word().charAt(0));
        }
        return permission.permissible().name() + ":" + letters
                + (permission.scope() == Scope.OWN && permission.permissible().kind() == PermissibleKind.MESHES
                        ? ":own"
                        : "");
    }

    /** What the caller may do, as the {@code permission} claim of its token lists it. */
    public static List<String> of(Caller caller) {
        return EffectivePermissions.of(caller).stream()
                .map(entry -> format(new Permission(
                        Permissible.parse(entry.permissibleName()).orElseThrow(), entry.actions(), entry.scope())))
                .toList();
    }

    public static Optional<Permission> parse(String claim) {
        String[] parts = claim == null ? new String[0] : claim.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("own"))) {
            return Optional.empty();
        }
        Optional<Permissible> permissible = Permissible.parse(parts[0]);
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (char letter : parts[1].toCharArray()) {
            Action action =
                    switch (letter) {
                        case 'c' -> Action.CREATE;
                        case 'r' -> Action.READ;
                        case 'u' -> Action.UPDATE;
                        case 'd' -> Action.DELETE;
                        default -> null;
                    };
            if (action == null) return Optional.empty();
            actions.add(action);
        }
        if (permissible.isEmpty() || actions.isEmpty()) return Optional.empty();
        return Optional.of(new Permission(permissible.get(), actions, parts.length == 3 ? Scope.OWN : Scope.ALL));
    }
}
