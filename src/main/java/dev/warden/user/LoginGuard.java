package dev.warden.user;

import dev.warden.account.WardenConfig;
import dev.warden.api.TooManyAttempts;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Brute-force protection. Each credential check names the keys it is made under (the username or
 * recovery hash, and the client address); too many failures of one key within the window lock it
 * for a lockout that doubles each time. While a key is locked every check under it is refused with
 * 429, the right password included. Counters live in the database, so every instance shares them.
 */
@Singleton
public class LoginGuard {

    private static final Logger LOG = Logger.getLogger(LoginGuard.class);
    private static final String ADDRESS = "address:";

    private final Pool pool;
    private final WardenConfig.Login settings;
    private final AuditLog audit;

    public LoginGuard(
            Pool pool, WardenConfig config, AuditLog audit, io.micrometer.core.instrument.MeterRegistry meters) {
        this.lockouts = meters.counter("warden.lockouts");
        this.pool = pool;
        this.settings = config.login();
        this.audit = audit;
    }

    /** The keys of a check: what was guessed at (e.g. {@code user:ada}) and where from. */
    public static List<String> keys(String subject, String address) {
        List<String> keys = new ArrayList<>(2);
        keys.add(subject.toLowerCase(Locale.ROOT));
        if (address != null) keys.add(ADDRESS + address);
        return keys;
    }

    /** Fails with {@link TooManyAttempts} while any key is locked. */
    public Uni<Void> check(String account, List<String> keys) {
        return pool.preparedQuery("select ceil(extract(epoch from max(locked_until) - now()))::bigint"
                        + " from login_failures where account = $1 and key = any($2) and locked_until > now()")
                .execute(Tuple.of(account, keys.toArray(String[]::new)))
                .map(rows -> {
                    Long seconds = rows.iterator().next().getLong(0);
                    if (seconds != null) {
                        throw new TooManyAttempts(Math.max(1, seconds));
                    }
                    return null;
                });
    }

    /** Counts a failure under every key; a key that reaches its limit is locked. Both are audited. */
    public Uni<Void> failed(String account, String tenant, List<String> keys) {
        long window = settings.window().toSeconds();
        AuditEntry failure = AuditEntry.of("login.failure", AuditEntry.Party.NOBODY, subject(keys.get(0)))
                .with(keys.size() > 1 ? Map.of("address", keys.get(1).substring(ADDRESS.length())) : Map.of());
        return pool.withTransaction(tx -> audit.append(tx, account, tenant, failure)
                        .flatMap(logged -> tx.preparedQuery("insert into login_failures as f (account, key, failures,"
                                        + " window_start) select $1, k, 1, now() from unnest($2::text[]) as k"
                                        + " on conflict (account, key) do update set"
                                        + " failures = case when f.window_start < now() - make_interval(secs => $3)"
                                        + " then 1 else f.failures + 1 end,"
                                        + " window_start = case when f.window_start < now() - make_interval(secs => $3)"
                                        + " then now() else f.window_start end"
                                        + " returning f.key, f.failures")
                                .execute(Tuple.of(account, keys.toArray(String[]::new), (double) window)))
                        .flatMap(rows -> {
                            List<String> reached = new ArrayList<>();
                            for (Row row : rows) {
                                String key = row.getString("key");
                                if (row.getInteger("failures") >= limitOf(key)) reached.add(key);
                            }
                            return reached.isEmpty() ? Uni.createFrom().voidItem() : lock(tx, account, tenant, reached);
                        }))
                .invoke(() -> LOG.infof("account %s: failed credential check for %s", account, keys));
    }

    /** warden_lockouts_total: keys (usernames, addresses, recovery hashes) locked out. */
    private final io.micrometer.core.instrument.Counter lockouts;

    private Uni<Void> lock(SqlClient tx, String account, String tenant, List<String> reached) {
        lockouts.increment(reached.size());
        LOG.warnf("account %s: locking out %s after repeated failed credential checks", account, reached);
        Uni<Void> audited = Uni.createFrom().voidItem();
        for (String key : reached) {
            audited = audited.call(() -> audit.append(
                    tx, account, tenant, AuditEntry.of("login.lockout", AuditEntry.Party.NOBODY, subject(key))));
        }
        return audited.flatMap(ok -> tx.preparedQuery("update login_failures set failures = 0, window_start = now(),"
                        + " locked_until = now() + make_interval(secs =>"
                        + " least($3 * power(2, least(lockouts, 30)), $4)),"
                        + " lockouts = lockouts + 1 where account = $1 and key = any($2)")
                .execute(Tuple.of(
                        account,
                        reached.toArray(String[]::new),
                        (double) settings.lockout().toSeconds(),
                        (double) settings.maxLockout().toSeconds()))
                .replaceWithVoid());
    }

    /** The audit target of a key: the username, recovery hash or address that was guessed at. */
    private static AuditEntry.Party subject(String key) {
        int colon = key.indexOf(':');
        String type = colon < 0 ? "key" : key.substring(0, colon);
        return new AuditEntry.Party(type, null, colon < 0 ? key : key.substring(colon + 1));
    }

    /** A successful check clears its subject's record (not the address's: others may guess from there). */
    public Uni<Void> succeeded(String account, String subject) {
        return pool.preparedQuery("delete from login_failures where account = $1 and key = $2")
                .execute(Tuple.of(account, subject.toLowerCase(Locale.ROOT)))
                .replaceWithVoid();
    }

    private int limitOf(String key) {
        return key.startsWith(ADDRESS) ? settings.addressMaxFailures() : settings.maxFailures();
    }
}
