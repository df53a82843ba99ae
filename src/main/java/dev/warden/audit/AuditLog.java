package dev.warden.audit;

import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import dev.warden.query.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The append-only audit log (spec §9.4). Changes append their entry inside their own transaction
 * ({@link #append}), so an entry exists exactly when its change committed. Nothing here updates or
 * deletes an entry except {@link DenialRecorder}'s folding and the retention sweep.
 */
@Singleton
public class AuditLog {

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    /** In the change's transaction; {@code tenant} is the one the request acted in ("" by default). */
    public Uni<Void> append(SqlClient tx, String account, String tenant, AuditEntry entry) {
        return tx.preparedQuery("insert into audit_log (account, tenant, id, action, principal_type, principal_id,"
                        + " principal_name, target_type, target_id, target_name, details)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.from(new Object[] {
                    account,
                    tenant,
                    Ids.next(),
                    entry.action(),
                    entry.principal().type(),
                    entry.principal().id(),
                    entry.principal().name(),
                    entry.target().type(),
                    entry.target().id(),
                    entry.target().name(),
                    new JsonObject(Map.copyOf(entry.details()))
                }))
                .replaceWithVoid();
    }

    /**
     * Appends, in {@code tx}, a change to a definition that applies in every tenant (roles,
     * permissions, projections, indexes, API keys, hooks; spec §13) to the account's own log, the
     * default tenant's: its auditors see every such change, whichever tenant the admin acted in.
     */
    public Uni<Void> appendAccountWide(SqlClient tx, String account, AuditEntry entry) {
        return append(tx, account, "", entry);
    }

    /** Outside any other change (a denial, a failed sign-in): its own statement. */
    public Uni<Void> append(String account, String tenant, AuditEntry entry) {
        return append(pool, account, tenant, entry);
    }

    public record Query(
            Optional<String> action,
            Optional<String> principalId,
            Optional<String> target,
            Optional<Instant> since,
            Optional<Instant> until) {}

    public record View(
            String id,
            Instant at,
            String action,
            AuditEntry.Party principal,
            AuditEntry.Party target,
            Map<String, Object> details,
            int count) {}

    /** Newest first, of one tenant's entries. {@code target} matches a target's id or name. */
    public Uni<Page<View>> search(String account, String tenant, Query query, PageRequest page) {
        Sql where = new Sql()
                .append(" where account = ")
                .bind(account)
                .append(" and tenant = ")
                .bind(tenant);
        query.action().ifPresent(a -> where.append(" and action = ").bind(a));
        query.principalId().ifPresent(p -> where.append(" and principal_id = ").bind(p));
        query.target().ifPresent(t -> {
            String value = where.placeholder(t);
            where.append(" and (target_id = " + value + " or target_name = " + value + ")");
        });
        query.since().ifPresent(s -> where.append(" and at >= ").bind(s.atOffset(java.time.ZoneOffset.UTC)));
        query.until().ifPresent(u -> where.append(" and at < ").bind(u.atOffset(java.time.ZoneOffset.UTC)));
        Sql select = new Sql(new java.util.ArrayList<>(where.values()))
                .append("select id, at, action, principal_type, principal_id, principal_name, target_type,"
                        + " target_id, target_name, details, count from audit_log" + where.text()
                        + " order by at desc, id desc limit ")
                .bind(page.pageSize())
                .append(" offset ")
                .bind(page.offset());
        Uni<List<View>> rows = pool.preparedQuery(select.text())
                .execute(Tuple.from(select.values()))
                .map(found -> Rows.all(found, AuditLog::view));
        Uni<Long> total = pool.preparedQuery("select count(*) from audit_log" + where.text())
                .execute(Tuple.from(where.values()))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    /** Drops entries older than the retention; the only way an entry ever goes away. */
    Uni<Integer> sweep(java.time.Duration retention) {
        return pool.preparedQuery("delete from audit_log where at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private static View view(Row row) {
        return new View(
                row.getString("id"),
                Rows.instant(row, "at"),
                row.getString("action"),
                new AuditEntry.Party(
                        row.getString("principal_type"),
                        row.getString("principal_id"),
                        row.getString("principal_name")),
                new AuditEntry.Party(
                        row.getString("target_type"), row.getString("target_id"), row.getString("target_name")),
                row.getJsonObject("details").getMap(),
                row.getInteger("count"));
    }
}
