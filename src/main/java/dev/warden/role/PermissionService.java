package dev.warden.role;

import dev.warden.access.Action;
import dev.warden.access.Permissible;
import dev.warden.access.PermissibleKind;
import dev.warden.access.Permission;
import dev.warden.access.Scope;
import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The permissions a role holds, with every rule about what a role may hold. */
@Singleton
public class PermissionService {

    private final RoleStore roles;
    private final PermissionStore permissions;
    private final RoleService roleService;

    public PermissionService(RoleStore roles, PermissionStore permissions, RoleService roleService) {
        this.roles = roles;
        this.permissions = permissions;
        this.roleService = roleService;
    }

    public Uni<PermissionStore.PermissionRow> create(Account account, String roleId, Body body) {
        Permission permission = read(body);
        String id = Ids.next();
        AuditEntry.Party who = roleService.who();
        return roleService
                .inTransaction(account, tx -> editableRole(tx, account, roleId)
                        .call(role -> checkFits(tx, account, roleId, null, permission))
                        .call(role -> permissions.insert(tx, account.name(), roleId, id, permission))
                        .flatMap(role -> roleService.auditAccountWide(
                                tx, account, entry("permission.create", who, role, permission))))
                .flatMap(ignored -> get(account, roleId, id));
    }

    public Uni<Page<PermissionStore.PermissionRow>> search(
            Account account, String roleId, String name, PageRequest page) {
        return roles.byId(account, roleId).flatMap(role -> {
            role.orElseThrow(RoleService::notFound);
            return permissions.search(account.name(), roleId, name, page);
        });
    }

    public Uni<PermissionStore.PermissionRow> get(Account account, String roleId, String id) {
        return roles.byId(account, roleId).flatMap(role -> {
            role.orElseThrow(RoleService::notFound);
            return permissions
                    .byId(roles.pool(), account.name(), roleId, id)
                    .map(found -> found.orElseThrow(PermissionService::notFound));
        });
    }

    public Uni<PermissionStore.PermissionRow> update(Account account, String roleId, String id, Body body) {
        Permission permission = read(body);
        AuditEntry.Party who = roleService.who();
        return roleService
                .inTransaction(account, tx -> editableRole(tx, account, roleId)
                        .call(role -> permissions
                                .byId(tx, account.name(), roleId, id)
                                .flatMap(found -> {
                                    found.orElseThrow(PermissionService::notFound);
                                    return checkFits(tx, account, roleId, id, permission);
                                }))
                        .call(role -> permissions.update(tx, account.name(), id, permission))
                        .flatMap(role -> roleService.auditAccountWide(
                                tx, account, entry("permission.update", who, role, permission))))
                .flatMap(ignored -> get(account, roleId, id));
    }

    public Uni<Void> delete(Account account, String roleId, String id) {
        AuditEntry.Party who = roleService.who();
        return roleService.inTransaction(account, tx -> editableRole(tx, account, roleId)
                .flatMap(
                        role -> permissions.byId(tx, account.name(), roleId, id).flatMap(found -> {
                            PermissionStore.PermissionRow row = found.orElseThrow(PermissionService::notFound);
                            return permissions
                                    .delete(tx, account.name(), id)
                                    .call(() -> roleService.auditAccountWide(
                                            tx,
                                            account,
                                            AuditEntry.of(
                                                            "permission.delete",
                                                            who,
                                                            AuditEntry.Party.role(role.id(), role.name()))
                                                    .with(Map.of("permissibleName", row.permissibleName()))));
                        })));
    }

    private Uni<RoleStore.RoleRow> editableRole(SqlClient tx, Account account, String roleId) {
        return roles.lock(tx, account, roleId).map(found -> {
            RoleStore.RoleRow role = found.orElseThrow(RoleService::notFound);
            if (role.systemRole().filter(r -> !r.hasEditablePermissions()).isPresent()) {
                throw ApiException.badRequest(
                        "The permissions of " + SystemRole.ADMIN.roleName() + " cannot be edited: it has them all");
            }
            return role;
        });
    }

    /** No second permission on the same permissible, and never a broad one beside a specific one. */
    private Uni<Void> checkFits(SqlClient tx, Account account, String roleId, String exceptId, Permission permission) {
        return permissions.ofRole(tx, account.name(), roleId).map(existing -> {
            for (PermissionStore.PermissionRow other : existing) {
                if (other.id().equals(exceptId)) {
                    continue;
                }
                if (other.permissibleName().equals(permission.permissible().name())) {
                    throw PermissionStore.duplicate(permission.permissible());
                }
                if (other.permission()
                        .filter(p -> p.permissible().overlaps(permission.permissible()))
                        .isPresent()) {
                    throw ApiException.badRequest("A role cannot hold both " + other.permissibleName() + " and "
                            + permission.permissible().name() + ": the broad one already covers the specific one");
                }
            }
            return null;
        });
    }

    /** Reads and validates a permission body. */
    public static Permission read(Body body) {
        String name = body.requiredString("permissibleName");
        Permissible permissible =
                Permissible.parse(name).orElseThrow(() -> ApiException.badRequest("Unknown permissible " + name));
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (body.bool(action.word()).orElse(false)) {
                actions.add(action);
            }
        }
        if (actions.isEmpty()) {
            throw ApiException.badRequest("A permission must allow at least one of create, read, update, delete");
        }
        for (Action action : actions) {
            if (!permissible.supports(action)) {
                throw ApiException.badRequest(permissible.kind().broadName() + " can only be given "
                        + permissible.kind().supportedActions().stream()
                                .map(Action::word)
                                .toList()
                        + ", not " + action.word());
            }
        }
        String scopeWord = body.string("scope").orElse(Scope.ALL.word());
        Scope scope = Scope.parse(scopeWord)
                .orElseThrow(() -> ApiException.badRequest("scope must be all or own, not " + scopeWord));
        if (scope == Scope.OWN && permissible.kind() != PermissibleKind.MESHES) {
            throw ApiException.badRequest("scope own applies to meshes only: other permissibles have no owners");
        }
        return new Permission(permissible, actions, scope);
    }

    private static AuditEntry entry(
            String action, AuditEntry.Party who, RoleStore.RoleRow role, Permission permission) {
        return AuditEntry.of(action, who, AuditEntry.Party.role(role.id(), role.name()))
                .with(Map.of(
                        "permissibleName", permission.permissible().name(),
                        "actions",
                                permission.actions().stream()
                                        .map(Action::word)
                                        .sorted()
                                        .toList(),
                        "scope", permission.scope().word()));
    }

    static ApiException notFound() {
        return ApiException.notFound("Permission not found");
    }
}
