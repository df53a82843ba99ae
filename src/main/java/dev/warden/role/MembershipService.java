package dev.warden.role;

import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.audit.AuditEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adding users to and removing them from a role; all listed users or none. */
@Singleton
public class MembershipService {

    private final RoleStore roles;
    private final Members members;
    private final RoleService roleService;

    public MembershipService(RoleStore roles, Members members, RoleService roleService) {
        this.roles = roles;
        this.members = members;
        this.roleService = roleService;
    }

    public Uni<Void> add(Account account, String roleId, Body body) {
        Set<String> userIds = userIds(body);
        AuditEntry.Party who = roleService.who();
        return roleService.inTransaction(account, tx -> editableMembers(tx, account, roleId)
                .flatMap(role -> eachUser(tx, account, userIds, user -> {
                    if (user.anonymous()) {
                        throw ApiException.badRequest("Anonymous users cannot be given roles");
                    }
                    return roles.addMember(tx, account.name(), user.id(), roleId)
                            .call(() -> roleService.audit(tx, account, member("membership.add", who, role, user)));
                })));
    }

    /** Removing members of meshy.admin takes the admin lock first: see the last-admin rule. */
    public Uni<Void> remove(Account account, String roleId, Body body) {
        Set<String> userIds = userIds(body);
        AuditEntry.Party who = roleService.who();
        return roleService.inTransaction(account, tx -> members.lockAdmins(tx, account.name())
                .flatMap(locked -> editableMembers(tx, account, roleId))
                .flatMap(role -> eachUser(
                                tx, account, userIds, user -> roles.removeMember(tx, account.name(), user.id(), roleId)
                                        .call(() -> roleService.audit(
                                                tx, account, member("membership.remove", who, role, user))))
                        .flatMap(ignored -> role.systemRole()
                                        .filter(SystemRole.ADMIN::equals)
                                        .isPresent()
                                ? members.requireAnActiveAdmin(tx, account.name())
                                : Uni.createFrom().voidItem())));
    }

    private Uni<RoleStore.RoleRow> editableMembers(SqlClient tx, Account account, String roleId) {
        return roles.lock(tx, account, roleId).map(found -> {
            RoleStore.RoleRow role = found.orElseThrow(RoleService::notFound);
            if (role.systemRole().filter(SystemRole::hasAutomaticMembership).isPresent()) {
                throw ApiException.badRequest(
                        "Members of " + role.name() + " are automatic: the list cannot be edited");
            }
            return role;
        });
    }

    private Uni<Void> eachUser(
            SqlClient tx,
            Account account,
            Set<String> userIds,
            java.util.function.Function<Members.Member, Uni<Void>> work) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String userId : userIds) {
            chain = chain.flatMap(ignored -> members.find(tx, account, userId))
                    .flatMap(found -> work.apply(found.orElseThrow(() -> ApiException.notFound("User not found"))));
        }
        return chain;
    }

    private static AuditEntry member(String action, AuditEntry.Party who, RoleStore.RoleRow role, Members.Member user) {
        return AuditEntry.of(action, who, AuditEntry.Party.role(role.id(), role.name()))
                .with(Map.of("userId", user.id(), "username", user.username()));
    }

    private static Set<String> userIds(Body body) {
        List<Body> listed = body.objects("users").orElse(new ArrayList<>());
        if (listed.isEmpty()) {
            throw ApiException.badRequest("users must list at least one {\"id\"}");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Body user : listed) {
            ids.add(user.requiredString("id"));
        }
        return ids;
    }
}
