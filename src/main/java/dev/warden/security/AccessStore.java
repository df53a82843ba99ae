package dev.warden.security;

import dev.warden.access.Action;
import dev.warden.access.Permissible;
import dev.warden.access.Permission;
import dev.warden.access.PermissionClaim;
import dev.warden.access.Scope;
import dev.warden.access.SystemRole;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads what the access cache holds: an account's roles with their permissions, and one user's roles. */
@Singleton
public class AccessStore {

    private final Pool pool;

    public AccessStore(Pool pool) {
        this.pool = pool;
    }

    /** A role as the decision needs it. */
    public record RoleGrant(String id, String name, Optional<SystemRole> system, List<Permission> permissions) {}

    /** A user as the decision needs it. */
    public record UserGrant(
            String id,
            String username,
            boolean anonymous,
            boolean active,
            Set<String> roleIds,
            int sessionEpoch,
            String tenant) {}

    public Uni<Map<String, RoleGrant>> roles(String account) {
        Uni<List<Row>> roles = pool.preparedQuery("select id, name from roles where account = $1")
                .execute(Tuple.of(account))
                .map(AccessStore::list);
        Uni<List<Row>> permissions = pool.preparedQuery(
                        "select role_id, permissible, can_create, can_read, can_update, can_delete, scope"
                                + " from permissions where account = $1")
                .execute(Tuple.of(account))
                .map(AccessStore::list);
        return Uni.combine().all().unis(roles, permissions).with((roleRows, permissionRows) -> {
            Map<String, List<Permission>> byRole = new HashMap<>();
            for (Row row : permissionRows) {
                // A stored name that no longer parses grants nothing rather than failing the request.
                Permissible.parse(row.getString("permissible")).ifPresent(permissible -> byRole.computeIfAbsent(
                                row.getString("role_id"), k -> new ArrayList<>())
                        .add(Permission.of(
                                permissible,
                                row.getBoolean("can_create"),
                                row.getBoolean("can_read"),
                                row.getBoolean("can_update"),
                                row.getBoolean("can_delete"),
                                Scope.parse(row.getString("scope")).orElse(Scope.ALL))));
            }
            Map<String, RoleGrant> result = new HashMap<>();
            for (Row row : roleRows) {
                String id = row.getString("id");
                String name = row.getString("name");
                result.put(id, new RoleGrant(id, name, SystemRole.byName(name), byRole.getOrDefault(id, List.of())));
            }
            return result;
        });
    }

    public Uni<Optional<UserGrant>> user(String account, String userId) {
        return pool.preparedQuery("select id, username, anonymous, is_active, session_epoch, tenant,"
                        + " array(select role_id from user_roles r where r.account = u.account and r.user_id = u.id)"
                        + " as role_ids from users u where account = $1 and id = $2")
                .execute(Tuple.of(account, userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new UserGrant(
                            row.getString("id"),
                            row.getString("username"),
                            row.getBoolean("anonymous"),
                            row.getBoolean("is_active"),
                            Set.of(row.getArrayOfStrings("role_ids")),
                            row.getInteger("session_epoch"),
                            row.getString("tenant")));
                });
    }

    /** An API key as the decision needs it (spec §10.1). */
    public record KeyGrant(String id, String name, List<Permission> permissions, Optional<Instant> expiresAt) {

        public boolean expired(Instant now) {
            return expiresAt.filter(at -> !at.isAfter(now)).isPresent();
        }
    }

    private static final String KEY_COLUMNS = "select id, name, permissions, expires_at from api_keys";

    public Uni<Optional<KeyGrant>> keyByHash(String account, byte[] hash) {
        return pool.preparedQuery(KEY_COLUMNS + " where account = $1 and key_hash = $2")
                .execute(Tuple.of(account, io.vertx.core.buffer.Buffer.buffer(hash)))
                .map(rows -> first(rows).map(AccessStore::keyGrant));
    }

    public Uni<Optional<KeyGrant>> keyById(String account, String id) {
        return pool.preparedQuery(KEY_COLUMNS + " where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .map(rows -> first(rows).map(AccessStore::keyGrant));
    }

    private static KeyGrant keyGrant(Row row) {
        List<Permission> permissions = new ArrayList<>();
        for (String claim : row.getArrayOfStrings("permissions")) {
            PermissionClaim.parse(claim).ifPresent(permissions::add);
        }
        java.time.OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return new KeyGrant(
                row.getString("id"),
                row.getString("name"),
                permissions,
                Optional.ofNullable(expires).map(java.time.OffsetDateTime::toInstant));
    }

    /** A hook as the gate needs it (spec §10.3). */
    public record HookGrant(
            String id,
            String name,
            Permissible permissible,
            Set<Action> actions,
            String url,
            int timeoutMs,
            boolean failOpen,
            String secret) {

        public boolean applies(Action action, Permissible target) {
            return actions.contains(action) && permissible.covers(target);
        }
    }

    public Uni<List<HookGrant>> hooks(String account) {
        return pool.preparedQuery("select id, name, permissible, actions, url, timeout_ms, fail_open, secret"
                        + " from hooks where account = $1 order by id")
                .execute(Tuple.of(account))
                .map(rows -> {
                    List<HookGrant> hooks = new ArrayList<>();
                    for (Row row : rows) {
                        Set<Action> actions = java.util.EnumSet.noneOf(Action.class);
                        for (String word : row.getArrayOfStrings("actions")) {
                            Action.parse(word).ifPresent(actions::add);
                        }
                        // A stored name that no longer parses is asked about every mesh: fail closed.
                        Permissible permissible = Permissible.parse(row.getString("permissible"))
                                .orElse(Permissible.broad(dev.warden.access.PermissibleKind.MESHES));
                        hooks.add(new HookGrant(
                                row.getString("id"),
                                row.getString("name"),
                                permissible,
                                actions,
                                row.getString("url"),
                                row.getInteger("timeout_ms"),
                                row.getBoolean("fail_open"),
                                row.getString("secret")));
                    }
                    return hooks;
                });
    }

    private static Optional<Row> first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private static List<Row> list(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return list;
    }
}
