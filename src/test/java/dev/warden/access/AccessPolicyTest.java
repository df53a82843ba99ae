package dev.warden.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    /** Every permissible form: each broad name, and two specific names where the kind has them. */
    static List<Permissible> forms() {
        List<Permissible> forms = new ArrayList<>();
        for (PermissibleKind kind : PermissibleKind.values()) {
            forms.add(Permissible.broad(kind));
            if (kind.hasSpecificForm()) {
                forms.add(new Permissible(kind, "orders"));
                forms.add(new Permissible(kind, "payments"));
            }
        }
        return forms;
    }

    static Caller callerWith(Permission... permissions) {
        return new Caller(
                "acct",
                "u1",
                "someone",
                false,
                false,
                Set.of("meshy.user"),
                PermissionSet.of(List.of(permissions)),
                "");
    }

    /**
     * The rule, stated by names rather than by the model's objects: same name, the broad name of its
     * family, or a pattern of the family whose {@code *} (any run of letters) makes it the name.
     */
    static boolean expected(String grantName, Action granted, String targetName, Action asked) {
        String family = targetName.contains(".") ? targetName.substring(0, targetName.indexOf('.')) : targetName;
        boolean supported = !((family.equals("projections") || family.equals("audit")) && asked != Action.READ)
                && !((family.equals("tenants") || family.equals("indexes")) && asked == Action.UPDATE);
        boolean pattern = grantName.contains("*")
                && targetName.contains(".")
                && targetName.matches(grantName.replace(".", "\\.").replace("*", "[A-Za-z]*"));
        boolean covers = grantName.equals(targetName) || grantName.equals(family) || pattern;
        return supported && granted == asked && covers;
    }

    /** What a grant may name besides the forms: patterns that match "orders", "payments", both or neither. */
    static List<Permissible> grantForms() {
        List<Permissible> grants = new ArrayList<>(forms());
        for (PermissibleKind kind : PermissibleKind.values()) {
            if (kind.hasSpecificForm()) {
                for (String pattern : List.of("ord*", "*ments", "*", "*r*", "o*s", "pay*x", "x*")) {
                    grants.add(new Permissible(kind, pattern));
                }
            }
        }
        return grants;
    }

    static Stream<Arguments> everyGrantTargetAndAction() {
        List<Arguments> cases = new ArrayList<>();
        for (Permissible grant : grantForms()) {
            for (Action granted : Action.values()) {
                for (Permissible target : forms()) {
                    for (Action asked : Action.values()) {
                        cases.add(Arguments.of(grant, granted, target, asked));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0} asked {3} on {2}")
    @MethodSource("everyGrantTargetAndAction")
    void oneGrantDecidesExactlyAsTheRuleSays(Permissible grant, Action granted, Permissible target, Action asked) {
        Caller caller = callerWith(new Permission(grant, EnumSet.of(granted)));
        Decision decision = AccessPolicy.decide(caller, asked, target);
        assertEquals(expected(grant.name(), granted, target.name(), asked), decision.allowed(), decision.reason());
    }

    /**
     * Spec §13: what applies in every tenant is changed by callers of the whole account only, and
     * tenants are managed by them only. An admin of a tenant is denied exactly those operations and
     * allowed every other, and {@code /access/explain} says why; the same admin of the default
     * tenant is allowed them all.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Operation.class)
    void aTenantsAdminIsDeniedExactlyTheAccountWideChanges(Operation operation) {
        Permissible target = operation.target("orders").orElseThrow();
        Caller tenantAdmin =
                new Caller("acct", "a", "boss", false, true, Set.of("meshy.admin"), PermissionSet.empty(), "acme");
        Caller accountAdmin =
                new Caller("acct", "a", "boss", false, true, Set.of("meshy.admin"), PermissionSet.empty(), "");
        Decision inTenant = AccessPolicy.decide(tenantAdmin, operation, target);
        boolean managesTenants = operation.kind() == PermissibleKind.TENANTS;
        assertEquals(
                !operation.changesAccountWideDefinition() && !managesTenants, inTenant.allowed(), inTenant.reason());
        String explained = AccessPolicy.explain(
                tenantAdmin, operation.action(), target, AccessPolicy.decide(tenantAdmin, operation.action(), target));
        if (managesTenants) {
            assertTrue(inTenant.reason().contains("tenants are managed from the default tenant"), inTenant.reason());
            assertTrue(explained.contains("belongs to tenant acme"), explained);
        } else if (!inTenant.allowed()) {
            assertTrue(inTenant.reason().contains("changed from the default tenant"), inTenant.reason());
            assertTrue(explained.contains("may not change what applies in every tenant"), explained);
        }
        assertTrue(AccessPolicy.decide(accountAdmin, operation, target).allowed());
    }

    /**
     * The list an app hides buttons by agrees with the decisions: a tenant's admin is shown an
     * action on a kind exactly when some operation of it is allowed.
     */
    @Test
    void aTenantsAdminIsShownExactlyWhatItMayDo() {
        Caller tenantAdmin =
                new Caller("acct", "a", "boss", false, true, Set.of("meshy.admin"), PermissionSet.empty(), "acme");
        for (PermissibleKind kind : PermissibleKind.values()) {
            Set<Action> shown = EffectivePermissions.of(tenantAdmin).stream()
                    .filter(e -> e.permissibleName().equals(kind.broadName()))
                    .map(EffectivePermissions.Entry::actions)
                    .findFirst()
                    .orElse(Set.of());
            for (Action action : kind.supportedActions()) {
                boolean allowed = Stream.of(Operation.values())
                        .filter(op -> op.action() == action && op.kind() == kind)
                        .anyMatch(op -> AccessPolicy.decide(
                                        tenantAdmin, op, op.target("orders").orElseThrow())
                                .allowed());
                assertEquals(allowed, shown.contains(action), action + " on " + kind);
            }
        }
        Caller accountAdmin =
                new Caller("acct", "a", "boss", false, true, Set.of("meshy.admin"), PermissionSet.empty(), "");
        assertEquals(
                PermissibleKind.values().length,
                EffectivePermissions.of(accountAdmin).size());
    }

    @ParameterizedTest(name = "nothing granted: {1} on {0} is denied")
    @MethodSource("formsAndActions")
    void aCallerWithoutPermissionsIsDeniedEverything(Permissible target, Action asked) {
        Decision decision = AccessPolicy.decide(callerWith(), asked, target);
        assertFalse(decision.allowed());
        assertEquals("insufficient permission to " + asked.word() + " " + target.name(), decision.reason());
    }

    @ParameterizedTest(name = "admin: {1} on {0} is allowed")
    @MethodSource("formsAndActions")
    void adminIsAllowedEverything(Permissible target, Action asked) {
        Caller admin = new Caller("acct", "a", "admin", false, true, Set.of("meshy.admin"), PermissionSet.empty(), "");
        assertTrue(AccessPolicy.decide(admin, asked, target).allowed());
    }

    static Stream<Arguments> formsAndActions() {
        return forms().stream().flatMap(f -> Stream.of(Action.values()).map(a -> Arguments.of(f, a)));
    }

    @ParameterizedTest(name = "{1} on {0}, asked {2} on {3} -> {4}")
    @CsvSource({
        "meshes,          READ,   READ,   meshes.orders,   true",
        "meshes.orders,   READ,   READ,   meshes.orders,   true",
        "meshes.orders,   READ,   READ,   meshes.payments, false",
        "meshes.orders,   READ,   READ,   meshes,          false",
        "meshes.orders,   CREATE, READ,   meshes.orders,   false",
        "projections,     READ,   READ,   projections.pub, true",
        "projections.pub, READ,   READ,   projections.pub, true",
        "projections.pub, READ,   READ,   projections.pri, false",
        "meshes,          READ,   READ,   projections.pub, false",
        "users,           READ,   DELETE, users,           false",
        "roles,           UPDATE, UPDATE, roles,           true",
    })
    void readableCases(String grant, Action granted, Action asked, String target, boolean allowed) {
        Caller caller = callerWith(new Permission(Permissible.parse(grant).orElseThrow(), EnumSet.of(granted)));
        assertEquals(
                allowed,
                AccessPolicy.decide(caller, asked, Permissible.parse(target).orElseThrow())
                        .allowed());
    }

    @Test
    void permissionsOfSeveralRolesUnite() {
        Caller caller = callerWith(
                new Permission(Permissible.mesh("orders"), EnumSet.of(Action.CREATE)),
                new Permission(Permissible.broad(PermissibleKind.MESHES), EnumSet.of(Action.READ)));
        assertTrue(AccessPolicy.decide(caller, Action.CREATE, Permissible.mesh("orders"))
                .allowed());
        assertTrue(AccessPolicy.decide(caller, Action.READ, Permissible.mesh("payments"))
                .allowed());
        assertFalse(AccessPolicy.decide(caller, Action.CREATE, Permissible.mesh("payments"))
                .allowed());
    }

    @Test
    void requireThrowsWithTheApiMessage() {
        AccessDeniedException denied = assertThrows(
                AccessDeniedException.class,
                () -> AccessPolicy.require(callerWith(), Action.DELETE, Permissible.mesh("orders")));
        assertEquals("insufficient permission to delete meshes.orders", denied.getMessage());
        AccessPolicy.require(
                callerWith(new Permission(Permissible.mesh("orders"), EnumSet.of(Action.DELETE))),
                Action.DELETE,
                Permissible.mesh("orders"));
    }

    @Test
    void roleAssignmentNeedsUpdateOnRolesOrHoldingTheRole() {
        Caller plain = callerWith();
        assertFalse(AccessPolicy.decideRoleAssignment(plain, List.of("writers")).allowed());
        assertTrue(AccessPolicy.decideRoleAssignment(plain, List.of()).allowed());
        Caller member =
                new Caller("a", "u", "n", false, false, Set.of("meshy.user", "writers"), PermissionSet.empty(), "");
        assertTrue(AccessPolicy.decideRoleAssignment(member, List.of("writers")).allowed());
        assertFalse(AccessPolicy.decideRoleAssignment(member, List.of("writers", "meshy.admin"))
                .allowed());
        Caller roleManager =
                callerWith(new Permission(Permissible.broad(PermissibleKind.ROLES), EnumSet.of(Action.UPDATE)));
        assertTrue(AccessPolicy.decideRoleAssignment(roleManager, List.of("meshy.admin"))
                .allowed());
    }
}
