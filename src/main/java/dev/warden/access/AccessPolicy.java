package dev.warden.access;

import java.util.Collection;

/** The one place that decides access. {@code decide} answers, {@code require} throws. */
public final class AccessPolicy {

    private AccessPolicy() {}

    public static Decision decide(Caller caller, Action action, Permissible target) {
        if (caller.admin()) {
            return Decision.allow(SystemRole.ADMIN.roleName() + " allows everything");
        }
        if (!target.supports(action)) {
            return Decision.deny(AccessDeniedException.messageFor(action, target));
        }
        if (caller.permissions().allows(action, target)) {
            return Decision.allow("a role grants " + action.word() + " on " + target.name());
        }
        return Decision.deny(AccessDeniedException.messageFor(action, target));
    }

    public static void require(Caller caller, Action action, Permissible target) {
        if (!decide(caller, action, target).allowed()) {
            throw new AccessDeniedException(action, target);
        }
    }

    /**
     * Whether the caller may hand out these roles when creating a user: anyone who may update
     * roles may give any role; anyone else only roles they hold themselves.
     */
    public static Decision decideRoleAssignment(Caller caller, Collection<String> roleNames) {
        if (decide(caller, Action.UPDATE, Permissible.broad(PermissibleKind.ROLES))
                .allowed()) {
            return Decision.allow("caller may update roles");
        }
        for (String roleName : roleNames) {
            if (!caller.roleNames().contains(roleName)) {
                return Decision.deny("User cannot add roles they do not already have assigned");
            }
        }
        return Decision.allow("caller holds every role it assigns");
    }
}
