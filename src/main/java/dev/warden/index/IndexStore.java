package dev.warden.index;

import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

    /** A declared index whose build (or drop) has not finished: running, or abandoned by a crash. */
    public record Unfinished(String name, String pgName) {}

    public Uni<List<Unfinished>> unfinished() {
        return pool.query("select name, pg_name from mesh_indexes where not ready")
                .execute()
                .map(rows -> Rows.all(rows, row -> new Unfinished(row.getString(0), row.getString(1))));
    }

    /**
     * Runs the build (or drop) of one index on one connection holding a session advisory lock on
     * its PostgreSQL name: the lease that tells every instance the work is alive. PostgreSQL
     * releases it when the session ends, so work whose instance or server died holds none.
     */
    public <T> Uni<T> leased(String pgName, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(connection -> connection
                .preparedQuery("select pg_advisory_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(pgName))
                .flatMap(locked -> work.apply(connection))
                .eventually(() -> unlock(connection, pgName)));
    }

    /**
     * Removes an unfinished index nobody works on: under its lease, so live work (which holds it)
     * is left alone. False when the work is alive or finished.
     */
    public Uni<Boolean> reclaim(String pgName) {
        return pool.withConnection(connection -> connection
                .preparedQuery("select pg_try_advisory_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(pgName))
                .flatMap(locked -> locked.iterator().next().getBoolean(0)
                        ? dropUnfinished(connection, pgName).eventually(() -> unlock(connection, pgName))
                        : Uni.createFrom().item(false)));
    }

    /**
     * Read again under the lease: the build may have finished meanwhile, or another drop may have
     * removed the row (nothing to reclaim then: two deletes must not both succeed). The PostgreSQL
     * index goes first, so a crash in between leaves a row the next attempt removes.
     */
    private Uni<Boolean> dropUnfinished(SqlConnection connection, String pgName) {
        return connection
                .preparedQuery("select ready from mesh_indexes where pg_name = $1")
                .execute(Tuple.of(pgName))
                .flatMap(
                        rows -> Rows.first(rows, (Row row) -> row.getBoolean(0)).orElse(true)
                                ? Uni.createFrom().item(false)
                                : execute(connection, IndexDdl.drop(pgName))
                                        .flatMap(dropped -> delete(connection, pgName))
                                        .replaceWith(true));
    }

    private static Uni<RowSet<Row>> unlock(SqlConnection connection, String pgName) {
        return connection
                .preparedQuery("select pg_advisory_unlock(hashtextextended($1, 0))")
                .execute(Tuple.of(pgName));
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

    /** Takes a built index out of use before it is dropped; false when it was not (or no longer) built. */
    public Uni<Boolean> markBuilding(SqlClient tx, String pgName) {
        return tx.preparedQuery("update mesh_indexes set ready = false where pg_name = $1 and ready")
                .execute(Tuple.of(pgName))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> delete(SqlClient client, String pgName) {
        return client.preparedQuery("delete from mesh_indexes where pg_name = $1")
                .execute(Tuple.of(pgName))
                .replaceWithVoid();
    }

    /**
     * Runs index DDL outside any transaction, as {@code CONCURRENTLY} requires. The text is built
     * only by {@link IndexDdl} from checked names; nothing a request sent is in it unchecked.
     */
    public Uni<Void> execute(SqlClient client, String ddl) {
        return client.query(ddl).execute().replaceWithVoid();
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
