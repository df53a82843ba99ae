package dev.warden.role;

import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
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

/** SQL for roles and memberships. */
@Singleton
public class RoleStore {

    private final Pool pool;

    public RoleStore(Pool pool) {
        this.pool = pool;
    }

    public record RoleRow(String id, String name, String description, boolean system, long numberOfUsers) {

        public Optional<SystemRole> systemRole() {
            return system ? SystemRole.byName(name) : Optional.empty();
        }
    }

    /**
     * Member count in the tenant bound as {@code $1} (memberships belong to one tenant, spec §13):
     * explicit members, or for meshy.user / meshy.anonymous every user of that kind.
     */
    private static final String SELECT = "select r.id, r.name, r.description, r.system, case"
            + " when r.system and r.name = 'meshy.user' then (select count(*) from users u"
            + " where u.account = r.account and u.tenant = $1 and not u.anonymous)"
            + " when r.system and r.name = 'meshy.anonymous' then (select count(*) from users u"
            + " where u.account = r.account and u.tenant = $1 and u.anonymous)"
            + " else (select count(*) from user_roles ur join users u on u.account = ur.account"
            + " and u.id = ur.user_id where ur.account = r.account and ur.role_id = r.id and u.tenant = $1)"
            + " end as number_of_users from roles r";

    /** Creates the system roles of {@code account} if they are missing. */
    public Uni<Void> ensureSystemRoles(SqlClient client, String account) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SystemRole role : SystemRole.values()) {
            chain = chain.flatMap(ignored -> client.preparedQuery(
                            "insert into roles (account, id, name, description, system) values ($1, $2, $3, $4, true)"
                                    + " on conflict do nothing")
                    .execute(Tuple.of(account, Ids.next(), role.roleName(), describe(role)))
                    .replaceWithVoid());
        }
        return chain;
    }

    public Uni<Optional<RoleRow>> byId(SqlClient client, Account account, String id) {
        return client.preparedQuery(SELECT + " where r.account = $2 and r.id = $3")
                .execute(Tuple.of(account.tenant(), account.name(), id))
                .map(rows -> Rows.first(rows, RoleStore::row));
    }

    public Uni<Optional<RoleRow>> byId(Account account, String id) {
        return byId(pool, account, id);
    }

    public Uni<List<RoleRow>> byNames(SqlClient client, Account account, List<String> names) {
        return client.preparedQuery(SELECT + " where r.account = $2 and lower(r.name) = any($3)")
                .execute(Tuple.of(
                        account.tenant(),
                        account.name(),
                        names.stream()
                                .map(n -> n.toLowerCase(java.util.Locale.ROOT))
                                .toArray(String[]::new)))
                .map(rows -> Rows.all(rows, RoleStore::row));
    }

    /** Roles whose name contains {@code name} (any case), system roles included, by name. */
    public Uni<Page<RoleRow>> search(Account account, String name, PageRequest page) {
        String like = Rows.likeContains(name == null ? "" : name.trim());
        Uni<List<RoleRow>> rows = pool.preparedQuery(SELECT
                        + " where r.account = $2 and r.name ilike $3 order by lower(r.name), r.id limit $4 offset $5")
                .execute(Tuple.of(account.tenant(), account.name(), like, page.pageSize(), page.offset()))
                .map(found -> Rows.all(found, RoleStore::row));
        Uni<Long> total = pool.preparedQuery("select count(*) from roles where account = $1 and name ilike $2")
                .execute(Tuple.of(account.name(), like))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    /** Inserts a custom role; a taken name (any case) is a 400. */
    public Uni<Void> insert(SqlClient client, String account, String id, String name, String description) {
        return client.preparedQuery(
                        "insert into roles (account, id, name, description, system) values ($1, $2, $3, $4, false)")
                .execute(Tuple.of(account, id, name, description))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> ApiException.badRequest("A role named " + name + " already exists"))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient client, String account, String id, String name, String description) {
        return client.preparedQuery("update roles set name = $3, description = $4 where account = $1 and id = $2")
                .execute(Tuple.of(account, id, name, description))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> ApiException.badRequest("A role named " + name + " already exists"))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, String account, String id) {
        return client.preparedQuery("delete from roles where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .replaceWithVoid();
    }

    /** Locks the role row so concurrent changes to one role's permissions or members serialise. */
    public Uni<Optional<RoleRow>> lock(SqlClient client, Account account, String id) {
        return client.preparedQuery("select id from roles where account = $1 and id = $2 for update")
                .execute(Tuple.of(account.name(), id))
                .flatMap(rows -> rows.size() == 0
                        ? Uni.createFrom().item(Optional.<RoleRow>empty())
                        : byId(client, account, id));
    }

    public Uni<Void> removeMember(SqlClient client, String account, String userId, String roleId) {
        return client.preparedQuery("delete from user_roles where account = $1 and user_id = $2 and role_id = $3")
                .execute(Tuple.of(account, userId, roleId))
                .replaceWithVoid();
    }

    public Uni<Void> addMember(SqlClient client, String account, String userId, String roleId) {
        return client.preparedQuery("insert into user_roles (account, user_id, role_id) values ($1, $2, $3)"
                        + " on conflict do nothing")
                .execute(Tuple.of(account, userId, roleId))
                .replaceWithVoid();
    }

    public Pool pool() {
        return pool;
    }

    static RoleRow row(Row row) {
        return new RoleRow(
                row.getString("id"),
                row.getString("name"),
                row.getString("description"),
                row.getBoolean("system"),
                row.getLong("number_of_users"));
    }

    private static String describe(SystemRole role) {
        return switch (role) {
            case ADMIN -> "Every permission on everything";
            case USER -> "Base access of every registered user";
            case ANONYMOUS -> "Base access of every anonymous user";
        };
    }
}
