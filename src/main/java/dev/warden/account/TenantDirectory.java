package dev.warden.account;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which tenant a request names (spec §13), answered from memory: each account's tenant names are
 * loaded once and dropped when a tenant is created or deleted on any instance (the same notice
 * that drops the access cache), so the header costs no query on the hot path.
 */
@Singleton
public class TenantDirectory {

    public static final String HEADER = "tenant";
    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]{1,64}$");

    private final TenantStore store;
    private final ConcurrentHashMap<String, CompletableFuture<Set<String>>> known = new ConcurrentHashMap<>();

    public TenantDirectory(TenantStore store) {
        this.store = store;
    }

    /** The tenant a header names: the default one without a header, empty when it names no tenant. */
    public Uni<Optional<String>> resolve(String account, String header) {
        if (header == null || header.isEmpty()) {
            return Uni.createFrom().item(Optional.of(Account.DEFAULT_TENANT));
        }
        if (!NAME.matcher(header).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        CompletableFuture<Set<String>> names = known.computeIfAbsent(account, this::load);
        return Uni.createFrom()
                .completionStage(names)
                .map(found -> found.contains(header) ? Optional.of(header) : Optional.<String>empty());
    }

    private CompletableFuture<Set<String>> load(String account) {
        CompletableFuture<Set<String>> loading = store.names(account).subscribeAsCompletionStage();
        // A failed load is not kept: the next request tries again.
        loading.whenCompleteAsync((ok, failure) -> {
            if (failure != null) known.remove(account, loading);
        });
        return loading;
    }

    /** Forgets what changed; the next request reloads it. */
    void changed(@jakarta.enterprise.event.Observes AccountChanged change) {
        change.account().ifPresentOrElse(known::remove, known::clear);
    }
}
