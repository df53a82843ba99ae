package dev.warden.role;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.Optional;

/**
 * What role membership needs to know of users, and no more: implemented by the user package, so
 * roles do not depend on how users are stored.
 */
public interface Members {

    record Member(String id, String username, boolean anonymous) {}

    Uni<Optional<Member>> find(SqlClient tx, dev.warden.account.Account account, String userId);

    /** Takes the account's admin lock until {@code tx} ends (the last-admin rule). */
    Uni<Void> lockAdmins(SqlClient tx, String account);

    /** After a change inside {@code tx}: refuses it when no active admin is left. */
    Uni<Void> requireAnActiveAdmin(SqlClient tx, String account);
}
