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
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Declaring, listing and dropping a mesh's indexes (spec §14). An index is recorded, built with
 * {@code CREATE INDEX CONCURRENTLY} (reads and writes go on), and only then used by queries; a
 * build that fails (an array on a key, a duplicate under {@code unique}) leaves nothing behind.
 */
@Singleton
public class IndexService {

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
                .invoke(existing -> {
                    if (existing.size() >= MAX_INDEXES_PER_MESH) {
                        throw ApiException.badRequest("A mesh has at most " + MAX_INDEXES_PER_MESH + " indexes");
                    }
                })
                .flatMap(
                        ignored -> acl.inTransaction(account.name(), tx -> store.insert(tx, account.name(), mesh, index)
                                .invoke(inserted -> {
                                    if (!inserted) throw ApiException.badRequest("Index " + name + " already exists");
                                })))
                .flatMap(ignored -> store.execute(ddl).onFailure().recoverWithUni(failure -> undo(account, mesh, index)
                        .map(undone -> {
                            throw buildFailure(name, failure);
                        })))
                .flatMap(built -> acl.inTransaction(account.name(), tx -> store.markReady(
                                tx, account.name(), mesh, name)
                        .call(() -> audit.append(tx, account.name(), entry("index.create", caller, mesh, name)))))
                .flatMap(ready -> store.find(account.name(), mesh, name))
                .map(found -> IndexView.of(found.orElseThrow()));
    }

    public Uni<List<IndexView>> list(Account account, String mesh) {
        requireMesh(mesh);
        return store.list(account.name(), mesh).map(rows -> rows.stream()
                .filter(IndexStore.IndexRow::ready)
                .map(IndexView::of)
                .toList());
    }

    /** Stops using the index everywhere first, then drops it without blocking writes. */
    public Uni<Void> drop(Account account, Caller caller, String mesh, String name) {
        requireMesh(mesh);
        return store.find(account.name(), mesh, name).flatMap(found -> {
            if (found.isEmpty()) throw ApiException.notFound("Index not found");
            return acl.inTransaction(account.name(), tx -> store.delete(tx, account.name(), mesh, name)
                            .call(() -> audit.append(tx, account.name(), entry("index.delete", caller, mesh, name))))
                    .flatMap(deleted -> store.execute(IndexDdl.drop(found.get().pgName())));
        });
    }

    private Uni<Void> undo(Account account, String mesh, IndexStore.IndexRow index) {
        return store.execute(IndexDdl.drop(index.pgName()))
                .flatMap(dropped ->
                        acl.inTransaction(account.name(), tx -> store.delete(tx, account.name(), mesh, index.name())));
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
