package dev.warden.projection;

import dev.warden.api.ApiException;
import dev.warden.api.Rows;
import dev.warden.mesh.MeshStore;
import dev.warden.query.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** SQL for projection definitions and for running a compiled projection. */
@Singleton
public class ProjectionStore {

    private static final String COLUMNS = "name, mesh, description, pipeline::text, version";

    private final Pool pool;

    public ProjectionStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored definition; {@code version} changes on every save. */
    public record Stored(String name, String mesh, String description, String pipeline, long version) {}

    /** Runs {@code work} in one transaction (a definition change and its audit entry commit together). */
    public <T> Uni<T> inTransaction(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** A definition as it is written: name, mesh, description and the pipeline's JSON text. */
    public record Draft(String name, String mesh, String description, String pipeline) {}

    public Uni<Stored> insert(SqlClient tx, String account, Draft draft) {
        String name = draft.name();
        return tx.preparedQuery("insert into projections (account, name, mesh, description, pipeline)"
                        + " values ($1, $2, $3, $4, $5::text::json) returning " + COLUMNS)
                .execute(Tuple.of(account, name, draft.mesh(), draft.description(), draft.pipeline()))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> ApiException.badRequest("Projection " + name + " already exists"))
                .map(rows -> stored(rows.iterator().next()));
    }

    public Uni<Optional<Stored>> get(String account, String name) {
        return pool.preparedQuery("select " + COLUMNS + " from projections where account = $1 and name = $2")
                .execute(Tuple.of(account, name))
                .map(rows -> Rows.first(rows, ProjectionStore::stored));
    }

    public Uni<Optional<Stored>> replace(SqlClient tx, String account, Draft draft) {
        return tx.preparedQuery("update projections set mesh = $3, description = $4, pipeline = $5::text::json,"
                        + " version = nextval('projection_versions'), updated_at = now()"
                        + " where account = $1 and name = $2 returning " + COLUMNS)
                .execute(Tuple.of(account, draft.name(), draft.mesh(), draft.description(), draft.pipeline()))
                .map(rows -> Rows.first(rows, ProjectionStore::stored));
    }

    public Uni<Boolean> delete(SqlClient tx, String account, String name) {
        return tx.preparedQuery("delete from projections where account = $1 and name = $2")
                .execute(Tuple.of(account, name))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<List<String>> names(String account) {
        return pool.preparedQuery("select name from projections where account = $1 order by name")
                .execute(Tuple.of(account))
                .map(rows -> Rows.all(rows, (Row row) -> row.getString(0)));
    }

    /** The SQL condition that the definition is still the one compiled, as version {@code version}. */
    static String stillCurrent(Sql sql, String account, String name, long version) {
        return "exists (select 1 from projections where account = " + sql.placeholder(account) + " and name = "
                + sql.placeholder(name) + " and version = " + sql.placeholder(version) + ")";
    }

    /** The answer of a page query: empty when the definition changed since it was compiled. */
    public record Found(long total, String results) {}

    public Uni<Optional<Found>> page(Sql query) {
        return pool.preparedQuery(query.text())
                .execute(Tuple.from(query.values()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getBoolean(0)
                            ? Optional.of(new Found(row.getLong(1), row.getString(2)))
                            : Optional.<Found>empty();
                })
                .onFailure()
                .transform(MeshStore::queryFailure);
    }

    private static Stored stored(Row row) {
        return new Stored(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getLong(4));
    }
}
