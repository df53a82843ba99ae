package dev.warden.user;

import dev.warden.account.Account;
import dev.warden.role.Members;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Users as role membership sees them. */
@Singleton
public class RoleMembers implements Members {

    private final UserStore users;
    private final AdminGuard admins;

    public RoleMembers(UserStore users, AdminGuard admins) {
        this.users = users;
        this.admins = admins;
    }

    @Override
    public Uni<Optional<Member>> find(SqlClient tx, Account account, String userId) {
        return users.byIdInTenant(tx, account, userId)
                .map(found -> found.map(u -> new Member(u.id(), u.username(), u.anonymous())));
    }

    @Override
    public Uni<Void> lockAdmins(SqlClient tx, String account) {
        return admins.lock(tx, account);
    }

    @Override
    public Uni<Void> requireAnActiveAdmin(SqlClient tx, String account) {
        return admins.requireOne(tx, account);
    }
}
