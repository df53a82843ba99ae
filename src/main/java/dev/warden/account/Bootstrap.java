package dev.warden.account;

import dev.warden.access.SystemRole;
import dev.warden.api.Ids;
import dev.warden.auth.PasswordHasher;
import dev.warden.auth.SigningKeys;
import dev.warden.role.RoleStore;
import dev.warden.security.AclNotifications;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * First start: the account, its client, its system roles and an admin. Later starts reuse what is
 * stored: nothing is duplicated and a changed admin password is never reset. The account's sign-up
 * settings follow the configuration on every start.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final Pool pool;
    private final WardenConfig config;
    private final SigningKeys keys;
    private final RoleStore roles;
    private final PasswordHasher hasher;
    private final AclNotifications notifications;
    private volatile boolean done;

    public Bootstrap(
            Pool pool,
            WardenConfig config,
            SigningKeys keys,
            RoleStore roles,
            PasswordHasher hasher,
            AclNotifications notifications) {
        this.pool = pool;
        this.config = config;
        this.keys = keys;
        this.roles = roles;
        this.hasher = hasher;
        this.notifications = notifications;
    }

    void onStart(@Observes StartupEvent event) {
        Verification verification = Verification.parse(config.verification());
        keys.load()
                .flatMap(ignored -> account(verification))
                .flatMap(ignored -> client())
                .flatMap(ignored -> admin())
                .flatMap(ignored -> notifications.listen())
                .await()
                .atMost(Duration.ofMinutes(2));
        done = true;
    }

    public boolean isDone() {
        return done;
    }

    private Uni<Void> account(Verification verification) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "insert into accounts (name, anonymous_signup, public_signup, verification)"
                                        + " values ($1, $2, $3, $4) on conflict (name) do update set"
                                        + " anonymous_signup = excluded.anonymous_signup,"
                                        + " public_signup = excluded.public_signup,"
                                        + " verification = excluded.verification")
                        .execute(Tuple.of(
                                config.account(), config.anonymousSignup(), config.publicSignup(), verification.wire()))
                        .flatMap(ignored -> roles.ensureSystemRoles(tx, config.account())))
                .replaceWithVoid();
    }

    private Uni<Void> client() {
        return pool.preparedQuery("select public_key from clients where account = $1 order by created_at limit 1")
                .execute(Tuple.of(config.account()))
                .flatMap(rows -> {
                    if (config.publicKey().isEmpty() && rows.size() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String key = config.publicKey().orElseGet(() -> Ids.secret(18));
                    return pool.preparedQuery("insert into clients (public_key, account) values ($1, $2)"
                                    + " on conflict (public_key) do nothing")
                            .execute(Tuple.of(key, config.account()))
                            .invoke(result -> {
                                if (result.rowCount() > 0) {
                                    LOG.infof(
                                            "Warden: account '%s' has client public key (client_id): %s",
                                            config.account(), key);
                                }
                            })
                            .replaceWithVoid();
                });
    }

    private Uni<Void> admin() {
        return pool.preparedQuery("select 1 from users where account = $1 and lower(username) = lower($2)")
                .execute(Tuple.of(config.account(), config.adminUsername()))
                .flatMap(rows -> rows.size() > 0 ? Uni.createFrom().voidItem() : createAdmin());
    }

    private Uni<Void> createAdmin() {
        boolean generated = config.adminPassword().isEmpty();
        String password = config.adminPassword().orElseGet(() -> Ids.secret(18));
        String id = Ids.next();
        return hasher.hash(password)
                .flatMap(hash -> pool.withTransaction(tx -> tx.preparedQuery(
                                "insert into users (account, id, username, password_hash, verified, is_active)"
                                        + " values ($1, $2, $3, $4, true, true)")
                        .execute(Tuple.of(config.account(), id, config.adminUsername(), hash))
                        .flatMap(ignored -> tx.preparedQuery("insert into user_roles (account, user_id, role_id)"
                                        + " select $1, $2, id from roles where account = $1 and name = $3")
                                .execute(Tuple.of(config.account(), id, SystemRole.ADMIN.roleName())))))
                .invoke(() -> LOG.infof(
                        "Warden: created admin user '%s'%s",
                        config.adminUsername(),
                        generated ? " with password " + password + " (shown once: change it)" : ""))
                .replaceWithVoid();
    }
}
