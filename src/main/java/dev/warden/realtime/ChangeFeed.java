package dev.warden.realtime;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Permissible;
import dev.warden.access.Scope;
import dev.warden.api.ApiException;
import dev.warden.api.Rows;
import dev.warden.query.FilterCompiler;
import dev.warden.query.Sql;
import dev.warden.security.Authenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers the change log to this instance's subscribers (spec §11.1). Every instance reads the
 * log itself (every 20 ms while it has subscribers, and at once after a write through this
 * instance commits), so a write through any instance reaches subscribers on all of them. Changes
 * are delivered in {@code seq} order and never past a position that may still fill: a missing
 * {@code seq} is waited for until every transaction that could have written it has ended
 * (PostgreSQL's snapshot {@code xmin} passes the {@code xmax} seen when the gap was found); only
 * then is it known to be rolled back and skipped.
 */
@Singleton
public class ChangeFeed {

    static final long POLL_MILLIS = 20;
    static final long RECHECK_MILLIS = 250;
    static final int BATCH = 500;
    static final long MAX_GAP_WAIT_NANOS = 5_000_000_000L;
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private static final String DOCUMENT = "case when %s is null then null else ('{\"_id\":\"' || c.document_id"
            + " || '\"' || case when %s = '{}'::jsonb then '}' else ',' || substr(%s::text, 2) end) end";
    static final String COLUMNS = "c.seq, c.account, c.tenant, c.mesh, c.document_id, c.op, c.version, "
            + DOCUMENT.formatted("c.document", "c.document", "c.document") + " as document, "
            + DOCUMENT.formatted("c.previous", "c.previous", "c.previous")
            + " as previous, c.owner_id, c.owner_type, c.at";

    private final Pool pool;
    private final Vertx vertx;
    private final Authenticator authenticator;
    private final Duration retention;
    private final Map<String, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
    /** From a change's transaction start to its handing to a subscriber's connection: the server's lag. */
    private final Timer lag;

    /** The last position delivered; -1 until the feed has started. */
    private long delivered = -1;
    /** A missing position being waited for, and the snapshot xmax when it was first missed. */
    private long gapAt = -1;

    private long gapXmax;
    private long gapSince;
    private boolean polling;
    /** A write committed while a read of the log was running: read again as soon as it ends. */
    private boolean again;

    public ChangeFeed(
            Pool pool,
            Vertx vertx,
            Authenticator authenticator,
            MeterRegistry meters,
            @ConfigProperty(name = "warden.changes.retention", defaultValue = "24H") Duration retention) {
        this.pool = pool;
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.retention = retention;
        this.lag = Timer.builder("warden.realtime.delivery.lag")
                .description("From a change's transaction start to its handing to a subscriber's connection")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder(
                        "warden.realtime.subscriptions",
                        subscriptions,
                        all -> all.values().stream().mapToInt(Set::size).sum())
                .description("Live subscriptions on this instance")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(POLL_MILLIS, id -> poll());
        vertx.setPeriodic(RECHECK_MILLIS, id -> recheckAll());
        vertx.setPeriodic(3_600_000, id -> pool.preparedQuery("delete from changes where at < now() - $1::interval")
                .execute(Tuple.of(retention.toSeconds() + " seconds"))
                .subscribe()
                .with(rows -> LOG.debugf("change retention dropped %d", rows.rowCount()), this::failed));
    }

    void stop(@Observes ShutdownEvent event) {
        subscriptions.values().forEach(set -> set.forEach(s -> end(s, "the server is shutting down", false)));
    }

    /**
     * Registers {@code subscription} after {@code since} (with the log's changes since then queued)
     * or after the current position. Answers the position it starts after; 410 when {@code since}
     * is older than the retained log. Nothing is delivered until {@link #release}: the subscriber
     * hears where it starts before its first change.
     */
    public Uni<Long> subscribe(Subscription subscription, OptionalLong since) {
        return started().flatMap(ignored -> {
            long current;
            synchronized (this) {
                current = delivered;
                subscription.startAfter = since.isPresent() ? Math.min(since.getAsLong(), current) : current;
                subscription.liveAfter = current;
                subscriptions
                        .computeIfAbsent(subscription.account, a -> ConcurrentHashMap.newKeySet())
                        .add(subscription);
            }
            if (since.isEmpty() || since.getAsLong() >= current) {
                return Uni.createFrom().item(subscription.startAfter);
            }
            return replay(subscription, since.getAsLong(), current)
                    .onFailure()
                    .invoke(failure -> remove(subscription))
                    .map(ignored2 -> subscription.startAfter);
        });
    }

    /** Starts delivering what {@link #subscribe} queued, then live changes, in order. */
    public void release(Subscription subscription) {
        synchronized (subscription) {
            subscription.held = false;
        }
        drain(subscription);
    }

    public void unsubscribe(Subscription subscription) {
        subscription.ended = true;
        remove(subscription);
    }

    private void remove(Subscription subscription) {
        Set<Subscription> set = subscriptions.get(subscription.account);
        if (set != null) set.remove(subscription);
    }

    private Uni<Void> started() {
        synchronized (this) {
            if (delivered >= 0) return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select coalesce(max(seq), 0) from changes")
                .execute()
                .map(rows -> {
                    synchronized (this) {
                        if (delivered < 0) delivered = rows.iterator().next().getLong(0);
                    }
                    return null;
                });
    }

    /**
     * The retained changes after {@code since} up to {@code until}, queued before any live one (all
     * of which are after {@code until}): no gap, no duplicate. 410 when the log no longer reaches
     * back to {@code since}.
     */
    private Uni<Void> replay(Subscription subscription, long since, long until) {
        return pool.preparedQuery("select min(seq) from changes")
                .execute()
                .map(rows -> {
                    Long oldest = rows.iterator().next().getLong(0);
                    if (oldest != null && since + 1 < oldest) {
                        throw new ApiException(410, "since is older than the retained changes");
                    }
                    return null;
                })
                .flatMap(ignored -> pool.preparedQuery("select " + COLUMNS + " from changes c where c.account = $1"
                                + " and c.mesh = $2 and c.seq > $3 and c.seq <= $4 and c.tenant = $5 order by c.seq")
                        .execute(Tuple.of(subscription.account, subscription.mesh, since, until, subscription.tenant)))
                .map(rows -> {
                    List<Change> changes = new ArrayList<>();
                    for (Row row : rows) changes.add(change(row));
                    synchronized (subscription) {
                        changes.addAll(subscription.queue);
                        subscription.queue.clear();
                        subscription.queue.addAll(changes);
                    }
                    return null;
                });
    }

    /**
     * A write through this instance committed: read the log now rather than at the next tick (half
     * a tick less delay on average); writes during a read are coalesced into one more read.
     */
    public void committed() {
        synchronized (this) {
            if (polling) {
                again = true;
                return;
            }
        }
        poll();
    }

    private void poll() {
        long after;
        synchronized (this) {
            if (polling || delivered < 0 || subscriptions.values().stream().allMatch(Set::isEmpty)) return;
            polling = true;
            again = false;
            after = delivered;
        }
        pool.preparedQuery("select s.xmin, s.xmax, " + COLUMNS + " from (select"
                        + " pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin,"
                        + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax) s"
                        + " left join lateral (select * from changes where seq > $1 order by seq limit " + BATCH
                        + ") c on true order by c.seq")
                .execute(Tuple.of(after))
                .subscribe()
                .with(
                        rows -> {
                            boolean more;
                            try {
                                more = dispatch(rows);
                            } finally {
                                synchronized (this) {
                                    polling = false;
                                }
                            }
                            if (more || again) poll();
                        },
                        failure -> {
                            synchronized (this) {
                                polling = false;
                            }
                            failed(failure);
                        });
    }

    /** Hands the rows read to the subscribers; answers whether a full batch suggests more are waiting. */
    private boolean dispatch(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Change> ready = new ArrayList<>();
        synchronized (this) {
            for (Row row : rows) {
                if (row.getLong("seq") == null) break;
                long seq = row.getLong("seq");
                if (seq != delivered + 1) {
                    long xmin = row.getLong("xmin");
                    if (gapAt != delivered + 1) {
                        gapAt = delivered + 1;
                        gapXmax = row.getLong("xmax");
                        gapSince = System.nanoTime();
                        break;
                    }
                    // A writer of the missing position may still commit: wait, but not for ever (a
                    // long transaction elsewhere, e.g. a backup, holds xmin back; Warden's own writes
                    // are single statements that end in milliseconds).
                    if (xmin < gapXmax && System.nanoTime() - gapSince < MAX_GAP_WAIT_NANOS) break;
                    gapAt = -1; // every such writer ended: the missing positions were rolled back
                }
                delivered = seq;
                ready.add(change(row));
            }
        }
        for (Change change : ready) {
            Set<Subscription> set = subscriptions.get(change.account());
            if (set == null) continue;
            for (Subscription subscription : set) {
                // Only what the replay (up to liveAfter) did not cover: no duplicate, even when this
                // subscription registered while the batch was being handed out.
                if (subscription.mesh.equals(change.mesh())
                        && subscription.tenant.equals(change.tenant())
                        && change.seq() > subscription.liveAfter) {
                    offer(subscription, change);
                }
            }
        }
        return ready.size() == BATCH;
    }

    private void offer(Subscription subscription, Change change) {
        synchronized (subscription) {
            if (subscription.ended) return;
            if (subscription.queue.size() >= Subscription.MAX_QUEUED) {
                end(subscription, "too slow: more than " + Subscription.MAX_QUEUED + " changes waiting", true);
                return;
            }
            subscription.queue.add(change);
        }
        drain(subscription);
    }

    /** Delivers queued changes one at a time, in order; each is checked against current permissions. */
    private void drain(Subscription subscription) {
        List<Change> batch;
        synchronized (subscription) {
            if (subscription.draining || subscription.held || subscription.ended) return;
            if (subscription.queue.isEmpty()) return;
            batch = new ArrayList<>(subscription.queue);
            subscription.queue.clear();
            subscription.draining = true;
        }
        // One caller resolution (a cache hit) per batch; each change is then checked in order.
        authenticator
                .caller(subscription.account, subscription.tenant, subscription.credential)
                .flatMap(found -> deliver(subscription, found.orElse(null), batch, 0))
                .subscribe()
                .with(
                        done -> {
                            synchronized (subscription) {
                                subscription.draining = false;
                            }
                            drain(subscription);
                        },
                        failure -> {
                            failed(failure);
                            end(subscription, "the subscription failed", false);
                        });
    }

    /** Delivers {@code batch} from {@code index} on, in order: document, scope and filter checked per change. */
    private Uni<Void> deliver(Subscription subscription, Caller caller, List<Change> batch, int index) {
        Decision decision = decision(subscription, caller);
        if (decision == null) return Uni.createFrom().voidItem();
        for (int i = index; i < batch.size(); i++) {
            Change change = batch.get(i);
            if (subscription.ended) return Uni.createFrom().voidItem();
            if (subscription
                    .documentId
                    .filter(id -> !id.equals(change.documentId()))
                    .isPresent()) continue;
            if (decision.scope() == Scope.OWN && !owns(caller, change)) continue;
            if (subscription.filter.isPresent()) {
                int next = i + 1;
                return matches(subscription, change).flatMap(match -> {
                    if (match && !subscription.ended) handOver(subscription, change);
                    return deliver(subscription, caller, batch, next);
                });
            }
            handOver(subscription, change);
        }
        return Uni.createFrom().voidItem();
    }

    private void handOver(Subscription subscription, Change change) {
        subscription.sink.change(change);
        lag.record(Duration.between(change.at(), java.time.Instant.now()));
    }

    /** The read decision, or null (and the subscription ended) when the caller may no longer read. */
    private Decision decision(Subscription subscription, Caller caller) {
        if (caller == null) {
            end(subscription, "the credential is no longer valid", false);
            return null;
        }
        Decision decision = AccessPolicy.decide(caller, Action.READ, Permissible.mesh(subscription.mesh));
        if (!decision.allowed()) {
            end(subscription, "read on meshes." + subscription.mesh + " was revoked", false);
            return null;
        }
        return decision;
    }

    private static boolean owns(Caller caller, Change change) {
        return caller.principal().id().equals(change.ownerId())
                && caller.principal().type().word().equals(change.ownerType());
    }

    /** A filter matches the document before or after the change, decided by the same SQL as a search. */
    private Uni<Boolean> matches(Subscription subscription, Change change) {
        Sql sql = new Sql();
        sql.append("select ");
        candidate(sql, subscription, change.document(), change.documentId());
        sql.append(" or ");
        candidate(sql, subscription, change.previous(), change.documentId());
        return pool.preparedQuery(sql.text())
                .execute(Tuple.from(sql.values()))
                .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
    }

    private static void candidate(Sql sql, Subscription subscription, String document, String id) {
        sql.append("coalesce((select true from (select (")
                .bind(document)
                .append("::text::jsonb - '_id') as data, ")
                .bind(id)
                .append("::text as id) d where ");
        FilterCompiler.compile(subscription.filter.get(), "d.data", "d.id", sql);
        sql.append("), false)");
    }

    /** Ends every subscription whose caller lost read, within {@link #RECHECK_MILLIS}, even without changes. */
    private void recheckAll() {
        for (Set<Subscription> set : subscriptions.values()) {
            for (Subscription subscription : set) {
                authenticator
                        .caller(subscription.account, subscription.tenant, subscription.credential)
                        .subscribe()
                        .with(found -> decision(subscription, found.orElse(null)), this::failed);
            }
        }
    }

    private void end(Subscription subscription, String reason, boolean slow) {
        synchronized (subscription) {
            if (subscription.ended) return;
            subscription.ended = true;
            subscription.queue.clear();
        }
        remove(subscription);
        subscription.sink.ended(reason, slow);
    }

    static Change change(Row row) {
        return new Change(
                row.getLong("seq"),
                row.getString("account"),
                row.getString("tenant"),
                row.getString("mesh"),
                row.getString("document_id"),
                row.getString("op"),
                row.getLong("version"),
                row.getString("document"),
                row.getString("previous"),
                row.getString("owner_id"),
                row.getString("owner_type"),
                Rows.instant(row, "at"));
    }

    private void failed(Throwable failure) {
        LOG.warnf("realtime: %s", failure.toString());
    }
}
