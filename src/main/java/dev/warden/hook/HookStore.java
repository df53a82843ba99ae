package dev.warden.hook;

import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Decision hooks in the database (spec §10.3). */
@Singleton
public class HookStore {

    private static final String COLUMNS = "id, name, permissible, actions, url, timeout_ms, fail_open, created_at";

    private final Pool pool;

    public HookStore(Pool pool) {
        this.pool = pool;
    }

    /** What a hook is told to do. */
    public record HookDraft(
            String name, String permissibleName, List<String> actions, String url, int timeoutMs, boolean failOpen) {}

    public record HookRow(String id, HookDraft draft, Instant createdAt) {}

    public Uni<Void> insert(SqlClient tx, String account, String id, HookDraft draft, String secret) {
        return tx.preparedQuery("insert into hooks (account, id, name, permissible, actions, url, timeout_ms,"
                        + " fail_open, secret) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(new Object[] {
                    account,
                    id,
                    draft.name(),
                    draft.permissibleName(),
                    draft.actions().toArray(String[]::new),
                    draft.url(),
                    draft.timeoutMs(),
                    draft.failOpen(),
                    secret
                }))
                .replaceWithVoid();
    }

    /** Changes everything but the secret, which stays the one given out at creation. */
    public Uni<Boolean> update(SqlClient tx, String account, String id, HookDraft draft) {
        return tx.preparedQuery("update hooks set name = $3, permissible = $4, actions = $5, url = $6,"
                        + " timeout_ms = $7, fail_open = $8 where account = $1 and id = $2")
                .execute(Tuple.from(new Object[] {
                    account,
                    id,
                    draft.name(),
                    draft.permissibleName(),
                    draft.actions().toArray(String[]::new),
                    draft.url(),
                    draft.timeoutMs(),
                    draft.failOpen()
                }))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<HookRow>> delete(SqlClient tx, String account, String id) {
        return tx.preparedQuery("delete from hooks where account = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(account, id))
                .map(rows -> Rows.first(rows, HookStore::row));
    }

    public Uni<Optional<HookRow>> byId(String account, String id) {
        return pool.preparedQuery("select " + COLUMNS + " from hooks where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .map(rows -> Rows.first(rows, HookStore::row));
    }

    public Uni<Page<HookRow>> search(String account, PageRequest page) {
        Uni<List<HookRow>> rows = pool.preparedQuery(
                        "select " + COLUMNS + " from hooks where account = $1 order by id limit $2 offset $3")
                .execute(Tuple.of(account, page.pageSize(), page.offset()))
                .map(found -> Rows.all(found, HookStore::row));
        Uni<Long> total = pool.preparedQuery("select count(*) from hooks where account = $1")
                .execute(Tuple.of(account))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    private static HookRow row(Row row) {
        return new HookRow(
                row.getString("id"),
                new HookDraft(
                        row.getString("name"),
                        row.getString("permissible"),
                        List.of(row.getArrayOfStrings("actions")),
                        row.getString("url"),
                        row.getInteger("timeout_ms"),
                        row.getBoolean("fail_open")),
                Rows.instant(row, "created_at"));
    }
}
