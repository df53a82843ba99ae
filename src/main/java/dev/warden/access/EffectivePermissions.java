package dev.warden.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller may do, as one list an app can hide buttons by (spec §9.3): per permissible name
 * and scope, the union of the actions every role grants there, and the roles it came through.
 */
public final class EffectivePermissions {

    private EffectivePermissions() {}

    public record Entry(String permissibleName, Set<Action> actions, Scope scope, Set<String> via) {

        public boolean allows(Action action) {
            return actions.contains(action);
        }
    }

    public static List<Entry> of(Caller caller) {
        return of(caller, true);
    }

    /**
     * As {@link #of(Caller)}, for a request in the default tenant or not: in a tenant nobody manages
     * tenants (spec §13), whatever its roles hold, so {@code tenants} is left out there.
     */
    public static List<Entry> of(Caller caller, boolean inDefaultTenant) {
        if (caller.admin()) {
            List<Entry> all = new ArrayList<>();
            for (PermissibleKind kind : PermissibleKind.values()) {
                Set<Action> actions = usable(caller, inDefaultTenant, kind, kind.supportedActions());
                if (actions.isEmpty()) continue;
                all.add(new Entry(kind.broadName(), actions, Scope.ALL, Set.of(SystemRole.ADMIN.roleName())));
            }
            return all;
        }
        Map<String, Entry> merged = new LinkedHashMap<>();
        for (Grant held : caller.permissions().grants()) {
            Grant grant = withinLimits(held, caller.limits());
            Permission permission = grant.permission();
            PermissibleKind kind = permission.permissible().kind();
            Set<Action> actions = usable(caller, inDefaultTenant, kind, permission.actions());
            if (actions.isEmpty()) continue;
            Scope scope = kind == PermissibleKind.MESHES ? permission.scope() : Scope.ALL;
            String key = permission.permissible().name() + " " + scope;
            Entry entry = merged.computeIfAbsent(
                    key,
                    k -> new Entry(
                            permission.permissible().name(), EnumSet.noneOf(Action.class), scope, new TreeSet<>()));
            entry.actions().addAll(actions);
            if (!grant.via().isEmpty()) entry.via().add(grant.via());
        }
        return new ArrayList<>(merged.values());
    }

    /**
     * The actions a caller can use: a caller bound to one tenant cannot use those that only change
     * what applies in every tenant (spec §13), so the list an app hides buttons by leaves them out.
     */
    private static Set<Action> usable(
            Caller caller, boolean inDefaultTenant, PermissibleKind kind, Set<Action> actions) {
        if (kind == PermissibleKind.TENANTS && !inDefaultTenant) {
            return EnumSet.noneOf(Action.class);
        }
        Set<Action> usable = actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions);
        if (!caller.ofWholeAccount()) {
            usable.removeIf(action -> Operation.reservedToWholeAccount(action, kind));
        }
        return usable;
    }

    /**
     * A capability as its limits leave it: the actions every limit also grants on a name covering
     * the capability's, reaching only own documents unless every limit reaches all of them.
     */
    static Grant withinLimits(Grant grant, List<Caller.Limit> limits) {
        Permission permission = grant.permission();
        Set<Action> actions = EnumSet.noneOf(Action.class);
        boolean all = permission.scope() == Scope.ALL;
        for (Action action : permission.actions()) {
            boolean allowed = true;
            for (Caller.Limit limit : limits) {
                if (limit.unrestricted()) continue;
                List<Permission> covering = limit.permissions().permissions().stream()
                        .filter(p ->
                                p.actions().contains(action) && p.permissible().subsumes(permission.permissible()))
                        .toList();
                allowed &= !covering.isEmpty();
                all &= covering.stream().anyMatch(p -> p.scopeFor(action) == Scope.ALL);
            }
            if (allowed) actions.add(action);
        }
        return new Grant(grant.via(), new Permission(permission.permissible(), actions, all ? Scope.ALL : Scope.OWN));
    }
}
