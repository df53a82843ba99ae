package dev.warden.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Caller;
import dev.warden.access.Permissible;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.query.DeclaredKeys;
import dev.warden.query.FieldPath;
import dev.warden.query.QueryException;
import dev.warden.security.AclNotifications;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Declaring, listing and dropping a mesh's indexes (spec §14). An index is recorded, built with
 * {@code CREATE INDEX CONCURRENTLY} (reads and writes go on), and only then used by queries; a
 * build that fails (an array on a key, a duplicate under {@code unique}) leaves nothing behind.
 */
@Singleton
public class IndexService {

    private static final Logger LOG = Logger.getLogger(IndexService.class);

    static final int MAX_KEYS = 8;
    static final int MAX_INDEXES_PER_MESH = 16;

    private final IndexStore store;
    private final AclNotifications acl;
    private final AuditLog audit;

    public IndexService(IndexStore store, AclNotifications acl, AuditLog audit) {
        this.store = store;
        this.acl = acl;
        this.audit = audit;
    }

    public record IndexView(String name, Map<String, Integer> keys, boolean unique, Instant createdDate) {

        static IndexView of(IndexStore.IndexRow row) {
            Map<String, Integer> keys = new java.util.LinkedHashMap<>();
            for (IndexStore.Key key : row.keys()) keys.put(key.field(), key.direction());
            return new IndexView(row.name(), keys, row.unique(), row.createdDate());
        }
    }

    public Uni<IndexView> create(Account account, Caller caller, String mesh, Body body) {
        requireMesh(mesh);
        String name = body.requiredString("name");
        if (!DeclaredKeys.WORD.matcher(name).matches()) {
            throw ApiException.badRequest("name must be letters, digits and _, starting with a letter or _");
        }
        List<IndexStore.Key> keys =
                keys(body.raw("keys").orElseThrow(() -> ApiException.badRequest("keys is required")));
        boolean unique = body.bool("unique").orElse(false);
        nameLiteralOrRefuse(account.name());
        IndexStore.IndexRow index =
                new IndexStore.IndexRow(mesh, name, keys, unique, false, "warden_ix_" + Ids.next(), Instant.now());
        String ddl = IndexDdl.create(account.name(), mesh, index);
        return store.list(account.name(), mesh)
                .flatMap(existing -> nameFree(existing, name))
                .flatMap(ignored ->
                        store.leased(index.pgName(), connection -> store.insert(connection, account.name(), mesh, index)
                                .invoke(inserted -> {
                                    if (!inserted) throw ApiException.badRequest("Index " + name + " already exists");
                                })
                                .flatMap(recorded -> store.execute(connection, ddl)
                                        .onFailure()
                                        .recoverWithUni(failure -> undo(connection, index.pgName())
                                                .map(undone -> {
                                                    throw buildFailure(name, failure);
                                                })))
                                .flatMap(built -> acl.inTransaction(connection, account.name(), tx -> store.markReady(
                                                tx, account.name(), mesh, name)
                                        .call(() -> audit.appendAccountWide(
                                                tx, account.name(), entry("index.create", caller, mesh, name)))))))
                .flatMap(ready -> store.find(account.name(), mesh, name))
                .map(found -> IndexView.of(found.orElseThrow()));
    }

    /**
     * Refuses a name in use, except by a build nobody runs any more (its instance or database
     * server died): that one is reclaimed, and the name is free again.
     */
    private Uni<Void> nameFree(List<IndexStore.IndexRow> existing, String name) {
        if (existing.size() >= MAX_INDEXES_PER_MESH) {
            throw ApiException.badRequest("A mesh has at most " + MAX_INDEXES_PER_MESH + " indexes");
        }
        for (IndexStore.IndexRow row : existing) {
            if (!row.name().equals(name)) continue;
            if (row.ready()) throw ApiException.badRequest("Index " + name + " already exists");
            return reclaimOrRefuse(name, row.pgName());
        }
        return Uni.createFrom().voidItem();
    }

    public Uni<List<IndexView>> list(Account account, String mesh) {
        requireMesh(mesh);
        return store.list(account.name(), mesh).map(rows -> rows.stream()
                .filter(IndexStore.IndexRow::ready)
                .map(IndexView::of)
                .toList());
    }

    /**
     * Stops using the index everywhere first (marked as not built, announced), then drops it
     * without blocking writes and forgets it, under its lease: an instance that dies in between
     * leaves an unfinished index that is reclaimed like an abandoned build.
     */
    public Uni<Void> drop(Account account, Caller caller, String mesh, String name) {
        requireMesh(mesh);
        return store.find(account.name(), mesh, name).flatMap(found -> {
            if (found.isEmpty()) throw ApiException.notFound("Index not found");
            String pgName = found.get().pgName();
            if (!found.get().ready()) return reclaimOrRefuse(name, pgName);
            return store.leased(pgName, connection -> acl.inTransaction(
                            connection, account.name(), tx -> store.markBuilding(tx, pgName)
                                    .invoke(marked -> {
                                        // a concurrent delete of the same index got the lease first
                                        if (!marked) throw ApiException.notFound("Index not found");
                                    })
                                    .call(() -> audit.appendAccountWide(
                                            tx, account.name(), entry("index.delete", caller, mesh, name))))
                    .flatMap(unused -> store.execute(connection, IndexDdl.drop(pgName)))
                    .flatMap(dropped -> store.delete(connection, pgName)));
        });
    }

    void reclaimAtStart(@Observes StartupEvent start) {
        reclaimAbandoned()
                .subscribe()
                .with(
                        reclaimed -> LOG.debugf("reclaimed %d abandoned index builds", reclaimed),
                        failure -> LOG.warnf("reclaiming abandoned index builds failed: %s", failure.toString()));
    }

    /**
     * Reclaims the builds and drops that died with an instance or a database server (each instance
     * at its start); the ones still running keep their lease and are left alone. Answers how many.
     */
    public Uni<Long> reclaimAbandoned() {
        return store.unfinished()
                .onItem()
                .transformToMulti(unfinished -> Multi.createFrom().iterable(unfinished))
                .onItem()
                .transformToUniAndConcatenate(index -> reclaim(index.name(), index.pgName()))
                .filter(Boolean::booleanValue)
                .collect()
                .with(java.util.stream.Collectors.counting());
    }

    /** Reclaims an unfinished index, or refuses while its build (or drop) is alive. */
    private Uni<Void> reclaimOrRefuse(String name, String pgName) {
        return reclaim(name, pgName)
                .invoke(reclaimed -> {
                    if (!reclaimed) {
                        throw ApiException.badRequest(
                                "Index " + name + " is being built or dropped; try again shortly");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Boolean> reclaim(String name, String pgName) {
        return store.reclaim(pgName).invoke(reclaimed -> {
            if (reclaimed) LOG.infof("reclaimed the abandoned build of index %s (%s)", name, pgName);
        });
    }

    private Uni<Void> undo(SqlConnection connection, String pgName) {
        return store.execute(connection, IndexDdl.drop(pgName)).flatMap(dropped -> store.delete(connection, pgName));
    }

    private static RuntimeException buildFailure(String name, Throwable failure) {
        if (failure instanceof PgException pg) {
            if ("WD002".equals(pg.getSqlState())) {
                return ApiException.badRequest("Index " + name + " cannot be built: " + pg.getErrorMessage());
            }
            if ("23505".equals(pg.getSqlState())) {
                return ApiException.badRequest(
                        "Index " + name + " cannot be unique: documents already share its key values");
            }
        }
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }

    private static List<IndexStore.Key> keys(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw ApiException.badRequest("keys must be an object such as {\"category\": 1}");
        }
        if (node.size() > MAX_KEYS) throw ApiException.badRequest("An index has at most " + MAX_KEYS + " keys");
        List<IndexStore.Key> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode direction = field.getValue();
            if (!direction.isIntegralNumber() || Math.abs(direction.asLong()) != 1) {
                throw ApiException.badRequest("keys." + field.getKey() + " must be 1 or -1");
            }
            FieldPath path;
            try {
                path = FieldPath.parse(field.getKey());
                DeclaredKeys.pathLiteral(path);
            } catch (QueryException e) {
                throw ApiException.badRequest("keys: " + e.getMessage());
            }
            if (path.isId() || path.isBelowId()) {
                throw ApiException.badRequest("_id is always indexed; declare other fields");
            }
            keys.add(new IndexStore.Key(path.dotted(), (int) direction.asLong()));
        }
        return keys;
    }

    private static void requireMesh(String mesh) {
        if (!Permissible.ITEM_NAME.matcher(mesh).matches()) {
            throw ApiException.badRequest("mesh must be a mesh name (letters only)");
        }
    }

    private static void nameLiteralOrRefuse(String account) {
        try {
            DeclaredKeys.nameLiteral(account);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("This account's name cannot carry declared indexes");
        }
    }

    private static AuditEntry entry(String action, Caller caller, String mesh, String name) {
        return AuditEntry.of(
                action, AuditEntry.Party.of(caller), new AuditEntry.Party("index", mesh + "." + name, name));
    }
}
