package dev.warden.security;

import dev.warden.account.AccountChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells every Warden instance on the database that an account's roles changed. Writers call
 * {@link #announce} inside their transaction, so the message goes out exactly when the change
 * commits; every instance LISTENs and drops the account from its {@link AccessCache}.
 */
@Singleton
public class AclNotifications {

    static final String CHANNEL = "warden_acl";
    private static final Logger LOG = Logger.getLogger(AclNotifications.class);

    private final AccessCache cache;
    private final jakarta.enterprise.event.Event<AccountChanged> changes;
    private final Pool pool;
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final DatabaseTls tls;
    private PgSubscriber subscriber;

    /** The pool's TLS settings (from WARDEN_DB_URL's sslmode and sslrootcert), for the LISTEN connection too. */
    public record DatabaseTls(
            Optional<String> sslMode,
            Optional<Boolean> trustAll,
            Optional<String> certificates,
            Optional<String> hostnameVerification) {}

    public AclNotifications(
            AccessCache cache,
            jakarta.enterprise.event.Event<AccountChanged> changes,
            Pool pool,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.ssl-mode") Optional<String> sslMode,
            @ConfigProperty(name = "quarkus.datasource.reactive.trust-all") Optional<Boolean> trustAll,
            @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem.certs")
                    Optional<String> certificates,
            @ConfigProperty(name = "quarkus.datasource.reactive.hostname-verification-algorithm")
                    Optional<String> hostnameVerification) {
        this.cache = cache;
        this.changes = changes;
        this.pool = pool;
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
        this.tls = new DatabaseTls(sslMode, trustAll, certificates, hostnameVerification);
    }

    /**
     * Runs {@code work} in one transaction that also announces the change, then drops the
     * account from the local access cache once it committed: the one way anything that decides
     * access (roles, permissions, memberships, users' state) is changed.
     */
    public <T> Uni<T> inTransaction(String account, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> work.apply(tx).call(() -> announce(tx, account)))
                .invoke(() -> changed(account));
    }

    /** The same on a connection the caller holds (e.g. one holding a session lock), not a pooled one. */
    public <T> Uni<T> inTransaction(SqlConnection connection, String account, Function<SqlConnection, Uni<T>> work) {
        return connection
                .begin()
                .flatMap(tx -> work.apply(connection)
                        .call(() -> announce(connection, account))
                        .call(tx::commit)
                        .onFailure()
                        .call(() -> tx.rollback().onFailure().recoverWithNull()))
                .invoke(() -> changed(account));
    }

    /** Queues the change notice in the writer's transaction and drops the local entry once it commits. */
    public Uni<Void> announce(SqlClient transaction, String account) {
        return transaction
                .preparedQuery("select pg_notify('" + CHANNEL + "', $1)")
                .execute(Tuple.of(account))
                .replaceWithVoid();
    }

    /** Drops the account locally; call after the announcing transaction committed. */
    public void changed(String account) {
        cache.invalidate(account);
        changes.fire(AccountChanged.of(account));
    }

    public Uni<Void> listen() {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        tls.sslMode().map(io.vertx.pgclient.SslMode::of).ifPresent(options::setSslMode);
        tls.trustAll().ifPresent(options::setTrustAll);
        tls.certificates()
                .ifPresent(
                        path -> options.setPemTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(path)));
        tls.hostnameVerification().filter(a -> !a.equals("NONE")).ifPresent(options::setHostnameVerificationAlgorithm);
        subscriber = PgSubscriber.subscriber(vertx, options);
        // Notices sent while disconnected are lost: after any reconnect, forget everything.
        subscriber.reconnectPolicy(retries -> 500L);
        subscriber.channel(CHANNEL).handler(this::changed).subscribeHandler(() -> {
            cache.invalidateAll();
            changes.fire(AccountChanged.ALL);
        });
        return subscriber.connect().invoke(() -> LOG.debug("listening for role changes"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
