package dev.warden.index;

import dev.warden.query.DeclaredKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared keys of each mesh, from memory: loaded once per mesh, dropped for the whole account
 * whenever an index is declared, built or dropped on any instance (the notice that drops the access
 * cache), so a search asks the database nothing more than its own query.
 */
@Singleton
public class IndexCatalog {

    private final IndexStore store;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, CompletableFuture<DeclaredKeys>>> known =
            new ConcurrentHashMap<>();

    public IndexCatalog(IndexStore store) {
        this.store = store;
    }

    /** The keys of the mesh's built indexes; an index still building is not used yet. */
    public Uni<DeclaredKeys> keys(String account, String mesh) {
        var meshes = known.computeIfAbsent(account, a -> new ConcurrentHashMap<>());
        CompletableFuture<DeclaredKeys> keys = meshes.get(mesh);
        if (keys == null) {
            keys = meshes.computeIfAbsent(mesh, m -> load(meshes, account, m));
        }
        return Uni.createFrom().completionStage(keys);
    }

    private CompletableFuture<DeclaredKeys> load(
            ConcurrentHashMap<String, CompletableFuture<DeclaredKeys>> meshes, String account, String mesh) {
        CompletableFuture<DeclaredKeys> loading =
                store.list(account, mesh).map(IndexCatalog::keysOf).subscribeAsCompletionStage();
        loading.whenCompleteAsync((ok, failure) -> {
            if (failure != null) meshes.remove(mesh, loading);
        });
        return loading;
    }

    static DeclaredKeys keysOf(List<IndexStore.IndexRow> rows) {
        Set<String> fields = new LinkedHashSet<>();
        for (IndexStore.IndexRow row : rows) {
            if (!row.ready()) continue;
            for (IndexStore.Key key : row.keys()) fields.add(key.field());
        }
        return fields.isEmpty() ? DeclaredKeys.NONE : DeclaredKeys.of(List.copyOf(fields));
    }

    /** The declared name of a PostgreSQL index (on the failure path only: it asks the database). */
    public Uni<java.util.Optional<String>> nameOf(String pgName) {
        return store.nameOf(pgName);
    }

    /** Forgets what changed; the next search reloads it. */
    void changed(@jakarta.enterprise.event.Observes dev.warden.account.AccountChanged change) {
        change.account().ifPresentOrElse(known::remove, known::clear);
    }
}
