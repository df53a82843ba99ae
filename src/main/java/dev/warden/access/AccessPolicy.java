package dev.warden.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place that decides access. {@code decide} answers, {@code require} throws. The request
 * filter, {@code /access/explain} and {@code /users/me/permissions} all ask it.
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /** Spec §13: definitions apply in every tenant, so a tenant's own callers do not change them. */
    static final String ACCOUNT_WIDE = "insufficient permission: roles, permissions, projections, indexes, API keys"
            + " and hooks apply in every tenant and are changed from the default tenant";

    /** Spec §13: deleting a tenant deletes its data, so no caller bound to a tenant manages tenants, its admin included. */
    static final String TENANTS_FROM_DEFAULT =
            "insufficient permission: tenants are managed from the default tenant, by its callers";

    public static Decision decide(Caller caller, Action action, Permissible target) {
        if (target.kind() == PermissibleKind.TENANTS && !caller.ofWholeAccount()) {
            return Decision.deny(TENANTS_FROM_DEFAULT);
        }
        if (caller.admin()) {
            return Decision.allow(SystemRole.ADMIN.roleName() + " allows everything");
        }
        if (!target.supports(action)) {
            return Decision.deny(AccessDeniedException.messageFor(action, target));
        }
        List<Grant> matched = caller.permissions().matching(action, target);
        if (matched.isEmpty()) {
            return Decision.deny(AccessDeniedException.messageFor(action, target));
        }
        // The union of every matching grant: one that reaches all documents wins over own-only ones.
        boolean all = reachesAll(matched, action);
        List<Grant> everyMatch = new ArrayList<>(matched);
        // Every limit must allow too, and the narrowest scope among them is the request's.
        for (Caller.Limit limit : caller.limits()) {
            if (limit.unrestricted()) continue;
            List<Grant> limiting = limit.permissions().matching(action, target);
            if (limiting.isEmpty()) {
                return Decision.deny(AccessDeniedException.messageFor(action, target));
            }
            all &= reachesAll(limiting, action);
            everyMatch.addAll(limiting);
        }
        String via = matched.stream().map(Grant::via).distinct().collect(Collectors.joining(", "));
        return new Decision(
                true,
                (via.isEmpty() ? "a role" : via) + " grants " + action.word() + " on " + target.name()
                        + (caller.limits().isEmpty() ? "" : ", within its key and user")
                        + (all ? "" : " (own documents only)"),
                all ? Scope.ALL : Scope.OWN,
                everyMatch);
    }

    private static boolean reachesAll(List<Grant> grants, Action action) {
        return grants.stream().anyMatch(g -> g.permission().scopeFor(action) == Scope.ALL);
    }

    /**
     * The decision for one operation: the permission, and the secondary requirement the filter can
     * check before the target is read (an ownership transfer needs the permission with scope all).
     */
    public static Decision decide(Caller caller, Operation operation, Permissible target) {
        if (operation.changesAccountWideDefinition() && !caller.ofWholeAccount()) {
            return Decision.deny(ACCOUNT_WIDE);
        }
        Decision decision = decide(caller, operation.action(), target);
        if (decision.allowed()
                && operation.secondary() == Operation.Secondary.SCOPE_ALL
                && decision.scope() != Scope.ALL) {
            return Decision.deny(AccessDeniedException.messageFor(operation.action(), target) + " with scope all");
        }
        if (decision.allowed() && operation.secondary() == Operation.Secondary.ADMIN_ONLY && !caller.admin()) {
            return Decision.deny(AccessDeniedException.messageFor(operation.action(), target) + ": only "
                    + SystemRole.ADMIN.roleName() + " may");
        }
        return decision;
    }

    public static void require(Caller caller, Action action, Permissible target) {
        if (!decide(caller, action, target).allowed()) {
            throw new AccessDeniedException(action, target);
        }
    }

    /** Requires {@code action} on every document of {@code target}: own-scoped grants are not enough. */
    public static void requireAll(Caller caller, Action action, Permissible target) {
        Decision decision = decide(caller, action, target);
        if (!decision.allowed()) {
            throw new AccessDeniedException(action, target);
        }
        if (decision.scope() != Scope.ALL) {
            throw new AccessDeniedException(AccessDeniedException.messageFor(action, target) + " with scope all");
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

    /**
     * Whether the caller may hand {@code given} on, to an API key or a capability token: only what
     * it holds itself, name for name (a broad name or a pattern covering the given one) and, for
     * scope all, with scope all. Nobody gains a right through a key or a token.
     */
    public static Decision decideDelegation(Caller caller, Collection<Permission> given) {
        if (caller.admin()) {
            return Decision.allow(SystemRole.ADMIN.roleName() + " allows everything");
        }
        for (Permission permission : given) {
            for (Action action : permission.actions()) {
                boolean needsAll = permission.scopeFor(action) == Scope.ALL;
                List<PermissionSet> holders = new ArrayList<>();
                holders.add(caller.permissions());
                caller.limits().stream().filter(l -> !l.unrestricted()).forEach(l -> holders.add(l.permissions()));
                for (PermissionSet held : holders) {
                    List<Permission> covering = held.permissions().stream()
                            .filter(p -> p.actions().contains(action)
                                    && p.permissible().subsumes(permission.permissible()))
                            .toList();
                    boolean enough = needsAll
                            ? covering.stream().anyMatch(p -> p.scopeFor(action) == Scope.ALL)
                            : !covering.isEmpty();
                    if (!enough) {
                        return Decision.deny("cannot give " + action.word() + " on "
                                + permission.permissible().name() + (needsAll ? " with scope all" : "")
                                + ": it is not held");
                    }
                }
            }
        }
        return Decision.allow("every permission given is held");
    }

    /**
     * A sentence a person understands, from the same decision the filter takes, e.g. "no role of
     * ada grants read on meshes.orders (roles: meshy.user, writers)".
     */
    public static String explain(Caller caller, Action action, Permissible target, Decision decision) {
        String roles = caller.roleNames().stream().sorted().collect(Collectors.joining(", "));
        if (!decision.allowed()) {
            if (!target.supports(action)) {
                return target.name() + " cannot be given " + action.word() + " at all";
            }
            if (target.kind() == PermissibleKind.TENANTS && !caller.ofWholeAccount()) {
                return caller.username() + " belongs to tenant " + caller.tenant()
                        + ", and tenants are managed from the default tenant";
            }
            String grants = action.word() + " on " + target.name();
            return switch (caller.principal().type()) {
                case API_KEY -> "no permission of API key " + caller.username() + " grants " + grants;
                case USER, SUBJECT -> caller.keyId().isPresent()
                        ? "the capability token of " + caller.username() + " is not granted " + grants
                                + " by its capabilities, its key and its user together"
                        : "no role of " + caller.username() + " grants " + grants + " (roles: " + roles + ")";
            };
        }
        String because = caller.admin()
                ? caller.username() + " holds " + SystemRole.ADMIN.roleName() + ", which allows everything"
                : decision.reason();
        if (target.kind() == PermissibleKind.TENANTS) {
            return because + "; in requests to the default tenant (spec §13)";
        }
        if (!caller.ofWholeAccount() && Operation.changesAccountWide(action, target.kind())) {
            return because + "; from its tenant it may not change what applies in every tenant ("
                    + target.kind().broadName() + " themselves)";
        }
        return because;
    }
}
