package dev.warden.boot;

import dev.warden.access.SystemRole;
import dev.warden.account.AccountDirectory;
import dev.warden.account.AccountSpec;
import dev.warden.api.Ids;
import dev.warden.keys.PasswordHasher;
import dev.warden.role.RoleStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Sets up an account: its settings, a client, the system roles and a first admin. Idempotent: a
 * second run reuses what is stored, never duplicates and never resets a changed admin password;
 * the sign-up settings follow the spec on every run.
 */
@Singleton
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final Pool pool;
    private final RoleStore roles;
    private final PasswordHasher hasher;
    private final AccountDirectory directory;

    public AccountService(Pool pool, RoleStore roles, PasswordHasher hasher, AccountDirectory directory) {
        this.pool = pool;
        this.roles = roles;
        this.hasher = hasher;
        this.directory = directory;
    }

    /**
     * Runs under a transaction-scoped advisory lock on the account name, so instances starting at
     * the same moment on a fresh database set the account up once and the others find it done.
     */
    public Uni<Void> ensure(AccountSpec spec) {
        boolean generated = spec.adminPassword().isEmpty();
        String password = spec.adminPassword().orElseGet(() -> Ids.secret(18));
        return hasher.hash(password)
                .flatMap(hash ->
                        pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                                .execute(Tuple.of("warden-account:" + spec.name()))
                                .flatMap(locked -> settings(tx, spec))
                                .flatMap(ignored -> client(tx, spec))
                                .flatMap(ignored -> admin(tx, spec, hash))))
                .invoke(created -> {
                    if (created) {
                        LOG.infof(
                                "Warden: created admin user '%s' in account '%s'%s",
                                spec.adminUsername(),
                                spec.name(),
                                generated
                                        ? " with password " + password
                                                + " (shown once: change it; lost it? ./warden reset-admin-password)"
                                        : "");
                    }
                })
                .invoke(() -> directory.forget(spec.name()))
                .replaceWithVoid();
    }

    private Uni<Void> settings(SqlClient tx, AccountSpec spec) {
        return tx.preparedQuery(
                        "insert into accounts (name, anonymous_signup, public_signup, verification, cors_origins)"
                                + " values ($1, $2, $3, $4, $5) on conflict (name) do update set"
                                + " anonymous_signup = excluded.anonymous_signup,"
                                + " public_signup = excluded.public_signup,"
                                + " verification = excluded.verification,"
                                + " cors_origins = excluded.cors_origins")
                .execute(Tuple.of(
                        spec.name(),
                        spec.anonymousSignup(),
                        spec.publicSignup(),
                        spec.verification().wire(),
                        spec.corsOrigins().toArray(String[]::new)))
                .flatMap(ignored -> roles.ensureSystemRoles(tx, spec.name()));
    }

    private Uni<Void> client(SqlClient tx, AccountSpec spec) {
        return tx.preparedQuery("select public_key from clients where account = $1 limit 1")
                .execute(Tuple.of(spec.name()))
                .flatMap(rows -> {
                    if (spec.publicKey().isEmpty() && rows.size() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String key = spec.publicKey().orElseGet(() -> Ids.secret(18));
                    return tx.preparedQuery("insert into clients (public_key, account) values ($1, $2)"
                                    + " on conflict (public_key) do nothing")
                            .execute(Tuple.of(key, spec.name()))
                            .invoke(result -> {
                                if (result.rowCount() > 0) {
                                    LOG.infof(
                                            "Warden: account '%s' has client public key (client_id): %s",
                                            spec.name(), key);
                                }
                            })
                            .replaceWithVoid();
                });
    }

    /** Creates the admin unless a user of that name exists; true when it was created now. */
    private Uni<Boolean> admin(SqlClient tx, AccountSpec spec, String passwordHash) {
        return tx.preparedQuery("with created as (insert into users (account, id, username, password_hash,"
                        + " verified, is_active) values ($1, $2, $3, $4, true, true) on conflict do nothing returning id)"
                        + " insert into user_roles (account, user_id, role_id) select $1, created.id, r.id"
                        + " from created join roles r on r.account = $1 and r.name = $5")
                .execute(Tuple.of(
                        spec.name(), Ids.next(), spec.adminUsername(), passwordHash, SystemRole.ADMIN.roleName()))
                .map(result -> result.rowCount() > 0);
    }
}
