package dev.warden.user;

import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;

/**
 * The last-admin rule. Every transaction that can reduce an account's active admins (deactivate,
 * delete, remove from meshy.admin) first takes the account's admin lock, so the count it checks
 * cannot change before it commits: concurrent requests run the check and the write one at a time.
 * The admins it keeps are the account's own, the default tenant's: a tenant's admins manage neither
 * tenants nor what applies in every tenant, so they cannot stand in for them (spec §13).
 */
@Singleton
public class AdminGuard {

    private final UserStore users;

    public AdminGuard(UserStore users) {
        this.users = users;
    }

    /** Takes the account's admin lock until {@code tx} ends. Call before reading anything the check uses. */
    public Uni<Void> lock(SqlClient tx, String account) {
        return users.lockAdmins(tx, account);
    }

    /** Refuses to take away {@code user} (of {@code account}'s tenant) when it is the account's last active admin. */
    public Uni<Void> keepOtherThan(SqlClient tx, Account account, UserRow user) {
        if (!account.tenant().isEmpty() || !user.active() || !user.roleNames().contains(SystemRole.ADMIN.roleName())) {
            return Uni.createFrom().voidItem();
        }
        return users.otherActiveAdmins(tx, account.name(), user.id()).map(AdminGuard::atLeastOne);
    }

    /** After a change inside {@code tx}: refuses it when no active admin is left. */
    public Uni<Void> requireOne(SqlClient tx, String account) {
        return users.otherActiveAdmins(tx, account, "").map(AdminGuard::atLeastOne);
    }

    private static Void atLeastOne(long count) {
        if (count == 0) {
            throw ApiException.badRequest("At least one active admin must remain");
        }
        return null;
    }
}
