package dev.warden.index;

import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog of declared indexes (spec §14) and the PostgreSQL indexes behind them. */
@Singleton
public class IndexStore {

    private final Pool pool;

    public IndexStore(Pool pool) {
        this.pool = pool;
    }

    public record Key(String field, int direction) {}

    public record IndexRow(
            String mesh,
            String name,
            List<Key> keys,
            boolean unique,
            boolean ready,
            String pgName,
            Instant createdDate) {}

    private static final String SELECT =
            "select mesh, name, keys::text, is_unique, ready, pg_name, created_at from mesh_indexes";

    public Uni<List<IndexRow>> list(String account, String mesh) {
        return pool.preparedQuery(SELECT + " where account = $1 and mesh = $2 order by name")
                .execute(Tuple.of(account, mesh))
                .map(rows -> Rows.all(rows, IndexStore::row));
    }

    public Uni<Optional<IndexRow>> find(String account, String mesh, String name) {
        return pool.preparedQuery(SELECT + " where account = $1 and mesh = $2 and name = $3")
                .execute(Tuple.of(account, mesh, name))
                .map(rows -> Rows.first(rows, IndexStore::row));
    }

    /** The declared name behind a PostgreSQL index, for an error that must name it. */
    public Uni<Optional<String>> nameOf(String pgName) {
        return pool.preparedQuery("select name from mesh_indexes where pg_name = $1")
                .execute(Tuple.of(pgName))
                .map(rows -> Rows.first(rows, (Row row) -> row.getString(0)));
    }

    /** False when the mesh already has an index of this name. */
    public Uni<Boolean> insert(SqlClient tx, String account, String mesh, IndexRow index) {
        JsonArray keys = new JsonArray();
        for (Key key : index.keys()) keys.add(new JsonArray().add(key.field()).add(key.direction()));
        return tx.preparedQuery("insert into mesh_indexes (account, mesh, name, keys, is_unique, pg_name)"
                        + " values ($1, $2, $3, $4::text::jsonb, $5, $6) on conflict do nothing")
                .execute(Tuple.from(
                        new Object[] {account, mesh, index.name(), keys.encode(), index.unique(), index.pgName()}))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> markReady(SqlClient tx, String account, String mesh, String name) {
        return tx.preparedQuery("update mesh_indexes set ready = true where account = $1 and mesh = $2 and name = $3")
                .execute(Tuple.of(account, mesh, name))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, String account, String mesh, String name) {
        return tx.preparedQuery("delete from mesh_indexes where account = $1 and mesh = $2 and name = $3")
                .execute(Tuple.of(account, mesh, name))
                .replaceWithVoid();
    }

    /**
     * Runs index DDL outside any transaction, as {@code CONCURRENTLY} requires. The text is built
     * only by {@link IndexDdl} from checked names; nothing a request sent is in it unchecked.
     */
    public Uni<Void> execute(String ddl) {
        return pool.query(ddl).execute().replaceWithVoid();
    }

    private static IndexRow row(Row row) {
        List<Key> keys = new ArrayList<>();
        for (Object item : new JsonArray(row.getString(2))) {
            JsonArray pair = (JsonArray) item;
            keys.add(new Key(pair.getString(0), pair.getInteger(1)));
        }
        return new IndexRow(
                row.getString(0),
                row.getString(1),
                keys,
                row.getBoolean(3),
                row.getBoolean(4),
                row.getString(5),
                Rows.instant(row, "created_at"));
    }
}
