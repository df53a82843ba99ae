package dev.warden.account;

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
import java.util.Set;

/** SQL for tenants (spec §13): their names, and the data that goes when one is deleted. */
@Singleton
public class TenantStore {

    private final Pool pool;

    public TenantStore(Pool pool) {
        this.pool = pool;
    }

    public record TenantRow(String name, Instant createdDate) {}

    public Uni<Set<String>> names(String account) {
        return pool.preparedQuery("select name from tenants where account = $1")
                .execute(Tuple.of(account))
                .map(rows -> Set.copyOf(Rows.all(rows, (Row row) -> row.getString(0))));
    }

    /** False when the account already has a tenant of this name. */
    public Uni<Boolean> insert(SqlClient tx, String account, String name) {
        return tx.preparedQuery("insert into tenants (account, name) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(account, name))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<TenantRow>> page(String account, PageRequest page) {
        return pool.preparedQuery(
                        "select name, created_at from tenants where account = $1 order by name" + " limit $2 offset $3")
                .execute(Tuple.of(account, page.pageSize(), page.offset()))
                .map(rows ->
                        Rows.all(rows, (Row row) -> new TenantRow(row.getString(0), Rows.instant(row, "created_at"))));
    }

    public Uni<java.util.Optional<TenantRow>> find(String account, String name) {
        return pool.preparedQuery("select name, created_at from tenants where account = $1 and name = $2")
                .execute(Tuple.of(account, name))
                .map(rows -> Rows.first(
                        rows, (Row row) -> new TenantRow(row.getString(0), Rows.instant(row, "created_at"))));
    }

    public Uni<Long> count(String account) {
        return pool.preparedQuery("select count(*) from tenants where account = $1")
                .execute(Tuple.of(account))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Deletes the tenant with everything that belongs to it: its documents and their change log,
     * its users (their memberships and refresh tokens go with them), their sign-in failure counts
     * and its audit entries, which name those users (a tenant made later under the same name
     * starts with none of them). False when there is none.
     */
    public Uni<Boolean> delete(SqlClient tx, String account, String name) {
        return tx.preparedQuery("select 1 from tenants where account = $1 and name = $2 for update")
                .execute(Tuple.of(account, name))
                .flatMap(found -> {
                    if (found.size() == 0) return Uni.createFrom().item(false);
                    Tuple key = Tuple.of(account, name);
                    return tx.preparedQuery("delete from documents where account = $1 and tenant = $2")
                            .execute(key)
                            .flatMap(ignored -> tx.preparedQuery(
                                            "delete from changes where account = $1 and tenant = $2")
                                    .execute(key))
                            .flatMap(ignored -> tx.preparedQuery("delete from users where account = $1 and tenant = $2")
                                    .execute(key))
                            .flatMap(ignored -> tx.preparedQuery(
                                            "delete from audit_log where account = $1 and tenant = $2")
                                    .execute(key))
                            // Lockout counters of its usernames: keys user@{tenant}:{name}, the prefix bound.
                            .flatMap(ignored -> tx.preparedQuery(
                                            "delete from login_failures where account = $1 and starts_with(key, $2)")
                                    .execute(Tuple.of(account, "user@" + name + ":")))
                            .flatMap(ignored -> tx.preparedQuery("delete from tenants where account = $1 and name = $2")
                                    .execute(key))
                            .map(ignored -> true);
                });
    }
}
