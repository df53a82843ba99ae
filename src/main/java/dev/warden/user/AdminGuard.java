package dev.warden.user;

import dev.warden.access.SystemRole;
import dev.warden.api.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;

/**
 * The last-admin rule. Every transaction that can reduce an account's active admins (deactivate,
 * delete, remove from meshy.admin) first takes the account's admin lock, so the count it checks
 * cannot change before it commits: concurrent requests run the check and the write one at a time.
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

    /** Refuses to take away {@code user} when it is the last active holder of meshy.admin. */
    public Uni<Void> keepOtherThan(SqlClient tx, String account, UserRow user) {
        if (!user.active() || !user.roleNames().contains(SystemRole.ADMIN.roleName())) {
            return Uni.createFrom().voidItem();
        }
        return users.otherActiveAdmins(tx, account, user.id()).map(AdminGuard::atLeastOne);
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
