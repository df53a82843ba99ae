package dev.warden.role;

import dev.warden.access.Action;
import dev.warden.access.Permissible;
import dev.warden.access.Permission;
import dev.warden.access.Scope;
import dev.warden.api.ApiException;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** SQL for the permissions a role holds. */
@Singleton
public class PermissionStore {

    private static final String SELECT =
            "select id, permissible, can_create, can_read, can_update, can_delete, scope from permissions";

    private final Pool pool;

    public PermissionStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored permission, shaped as the API shows it. */
    public record PermissionRow(
            String id,
            String permissibleName,
            boolean create,
            boolean read,
            boolean update,
            boolean delete,
            String scope) {

        /** What it grants; empty if the stored name no longer parses (it then grants nothing). */
        public Optional<Permission> permission() {
            return Permissible.parse(permissibleName)
                    .map(p -> Permission.of(
                            p, create, read, update, delete, Scope.parse(scope).orElse(Scope.ALL)));
        }
    }

    public Uni<List<PermissionRow>> ofRole(SqlClient client, String account, String roleId) {
        return client.preparedQuery(SELECT + " where account = $1 and role_id = $2")
                .execute(Tuple.of(account, roleId))
                .map(rows -> Rows.all(rows, PermissionStore::row));
    }

    public Uni<Optional<PermissionRow>> byId(SqlClient client, String account, String roleId, String id) {
        return client.preparedQuery(SELECT + " where account = $1 and role_id = $2 and id = $3")
                .execute(Tuple.of(account, roleId, id))
                .map(rows -> Rows.first(rows, PermissionStore::row));
    }

    public Uni<Page<PermissionRow>> search(String account, String roleId, String name, PageRequest page) {
        String like = Rows.likeContains(name == null ? "" : name.trim());
        Uni<List<PermissionRow>> rows = pool.preparedQuery(SELECT
                        + " where account = $1 and role_id = $2 and permissible ilike $3"
                        + " order by permissible, id limit $4 offset $5")
                .execute(Tuple.of(account, roleId, like, page.pageSize(), page.offset()))
                .map(found -> Rows.all(found, PermissionStore::row));
        Uni<Long> total = pool.preparedQuery(
                        "select count(*) from permissions where account = $1 and role_id = $2 and permissible ilike $3")
                .execute(Tuple.of(account, roleId, like))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    public Uni<Void> insert(SqlClient client, String account, String roleId, String id, Permission permission) {
        return client.preparedQuery("insert into permissions (account, id, role_id, permissible, can_create, can_read,"
                        + " can_update, can_delete, scope) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(columns(permission, account, id, roleId))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> duplicate(permission.permissible()))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient client, String account, String id, Permission permission) {
        return client.preparedQuery("update permissions set permissible = $3, can_create = $4, can_read = $5,"
                        + " can_update = $6, can_delete = $7, scope = $8 where account = $1 and id = $2")
                .execute(columns(permission, account, id))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> duplicate(permission.permissible()))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, String account, String id) {
        return client.preparedQuery("delete from permissions where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .replaceWithVoid();
    }

    /** {@code leading} values, then the permissible name, its four action flags and its scope. */
    private static Tuple columns(Permission permission, Object... leading) {
        Tuple tuple = Tuple.tuple();
        for (Object value : leading) {
            tuple.addValue(value);
        }
        tuple.addValue(permission.permissible().name());
        for (Action action : Action.values()) {
            tuple.addValue(permission.actions().contains(action));
        }
        tuple.addValue(permission.scope().word());
        return tuple;
    }

    static ApiException duplicate(Permissible permissible) {
        return ApiException.badRequest("The role already has a permission on " + permissible.name());
    }

    private static PermissionRow row(Row row) {
        return new PermissionRow(
                row.getString("id"),
                row.getString("permissible"),
                row.getBoolean("can_create"),
                row.getBoolean("can_read"),
                row.getBoolean("can_update"),
                row.getBoolean("can_delete"),
                row.getString("scope"));
    }
}
