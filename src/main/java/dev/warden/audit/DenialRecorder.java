package dev.warden.audit;

import dev.warden.access.Principal;
import dev.warden.security.DenialSink;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every 403 is audited (spec §9.4) without a database write on the refused request: denials are
 * counted in memory and written every few seconds, identical ones from one principal on one
 * permissible within a minute folded into one entry with a {@code count}. Also runs the retention
 * sweep. A crash loses at most the last few seconds of denial counts, never a change's entry.
 */
@Singleton
public class DenialRecorder implements DenialSink {

    static final long FLUSH_MILLIS = 2_000;
    static final long SWEEP_MILLIS = 3_600_000;
    private static final Logger LOG = Logger.getLogger(DenialRecorder.class);

    private record Key(
            String account, String tenant, Principal principal, String action, String permissible, String cause) {}

    private final Pool pool;
    private final AuditLog log;
    private final Vertx vertx;
    /** {@code warden.audit.retention} (WARDEN_AUDIT_RETENTION); read by name so audit/ needs no account/. */
    private final java.time.Duration retention;

    private final Map<Key, AtomicInteger> pending = new ConcurrentHashMap<>();

    public DenialRecorder(
            Pool pool,
            AuditLog log,
            Vertx vertx,
            @ConfigProperty(name = "warden.audit.retention", defaultValue = "90D") java.time.Duration retention,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.pool = pool;
        this.log = log;
        this.vertx = vertx;
        this.retention = retention;
    }

    private final io.micrometer.core.instrument.MeterRegistry meters;
    /** warden_denials_total{kind}: one counter per permissible kind (a closed list, so few series). */
    private final Map<String, io.micrometer.core.instrument.Counter> denials = new ConcurrentHashMap<>();

    /** Notes one refusal; cheap enough for the deny path (a map update). */
    @Override
    public void denied(
            String account, String tenant, Principal principal, String action, String permissible, String cause) {
        denials.computeIfAbsent(kind(permissible), kind -> meters.counter("warden.denials", "kind", kind))
                .increment();
        pending.computeIfAbsent(
                        new Key(account, tenant, principal, action, permissible, cause), k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** The permissible's kind (meshes, projections, users, roles, …); anything unexpected is "other". */
    static String kind(String permissible) {
        int dot = permissible.indexOf('.');
        String kind = dot < 0 ? permissible : permissible.substring(0, dot);
        return java.util.Arrays.stream(dev.warden.access.PermissibleKind.values())
                        .anyMatch(k -> k.broadName().equals(kind))
                ? kind
                : "other";
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(FLUSH_MILLIS, id -> flush().subscribe().with(ok -> {}, this::failed));
        vertx.setPeriodic(SWEEP_MILLIS, id -> log.sweep(retention)
                .subscribe()
                .with(n -> LOG.debugf("audit retention dropped %d entries", n), this::failed));
    }

    void stop(@Observes ShutdownEvent event) {
        flush().await().indefinitely();
    }

    /** Writes what was counted since the last flush, folding into an entry of the last minute. */
    public Uni<Void> flush() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Key key : pending.keySet()) {
            AtomicInteger counter = pending.remove(key);
            int count = counter == null ? 0 : counter.get();
            if (count == 0) continue;
            chain = chain.flatMap(ignored -> write(key, count));
        }
        return chain;
    }

    private Uni<Void> write(Key key, int count) {
        return pool.preparedQuery(
                        "with folded as (update audit_log set count = count + $6"
                                + " where account = $1 and tenant = $10 and action = 'access.denied' and principal_id = $2"
                                + " and principal_type = $8 and target_name = $5 and details->>'action' = $4"
                                + " and details->>'cause' is not distinct from $9 and at > now() - interval '1 minute'"
                                + " returning 1)"
                                + " insert into audit_log (account, tenant, id, action, principal_type, principal_id, principal_name,"
                                + " target_type, target_name, details, count)"
                                + " select $1, $10, $7, 'access.denied', $8, $2, $3, 'permissible', $5,"
                                + " jsonb_strip_nulls(jsonb_build_object('action', $4::text, 'cause', $9::text)), $6 where not exists (select 1 from folded)")
                .execute(Tuple.from(new Object[] {
                    key.account(),
                    key.principal().id(),
                    key.principal().name(),
                    key.action(),
                    key.permissible(),
                    count,
                    dev.warden.api.Ids.next(),
                    key.principal().type().word(),
                    key.cause(),
                    key.tenant()
                }))
                .replaceWithVoid();
    }

    private void failed(Throwable failure) {
        LOG.warnf("audit: could not write denials: %s", failure.toString());
    }
}
