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
     * Whether the caller may change, deactivate or delete a user holding {@code targetRoles}, or set
     * that user's password or questions: only an admin, or someone holding every role the target
     * holds. A {@code users} permission alone never reaches a more privileged account.
     */
    public static Decision decideActOnUser(Caller caller, Collection<String> targetRoles) {
        if (caller.admin()) {
            return Decision.allow(SystemRole.ADMIN.roleName() + " allows everything");
        }
        for (String role : targetRoles) {
            if (!caller.roleNames().contains(role)) {
                return Decision.deny("insufficient permission: the user holds " + role + ", which you do not");
            }
        }
        return Decision.allow("caller holds every role the user holds");
    }

    public static void requireActOnUser(Caller caller, Collection<String> targetRoles) {
        Decision decision = decideActOnUser(caller, targetRoles);
        if (!decision.allowed()) {
            throw new AccessDeniedException(decision.reason());
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
