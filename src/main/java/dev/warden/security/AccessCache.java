package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.access.PermissionSet;
import dev.warden.access.SystemRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Callers resolved from the store and kept until something about their account's roles changes.
 * A warm request costs two map lookups and no database round trip. Any change to a role, a
 * permission, a membership or a user drops the whole account (locally at once, elsewhere through
 * {@link AclNotifications}); the next request loads it again.
 */
@ApplicationScoped
public class AccessCache {

    private final AccessStore store;
    private final ConcurrentHashMap<String, AccountEntry> accounts = new ConcurrentHashMap<>();

    public AccessCache(AccessStore store) {
        this.store = store;
    }

    private static final class AccountEntry {
        final CompletableFuture<Map<String, AccessStore.RoleGrant>> roles;
        final ConcurrentHashMap<String, CompletableFuture<Optional<Resolved>>> callers = new ConcurrentHashMap<>();

        AccountEntry(CompletableFuture<Map<String, AccessStore.RoleGrant>> roles) {
            this.roles = roles;
        }
    }

    /** A caller and the session epoch its tokens must carry. */
    private record Resolved(Caller caller, int sessionEpoch) {}

    /**
     * The caller as of now; empty when the user is gone or inactive, or the token was issued before
     * the user's sessions were ended (password change, deactivation): the token no longer counts.
     */
    public Uni<Optional<Caller>> caller(String account, TokenVerifier.Bearer bearer) {
        String userId = bearer.userId();
        AccountEntry entry = entry(account);
        CompletableFuture<Optional<Resolved>> caller = entry.callers.get(userId);
        if (caller == null) {
            CompletableFuture<Optional<Resolved>> loading = entry.roles.thenCompose(roles -> store.user(account, userId)
                    .map(user -> user.filter(AccessStore.UserGrant::active)
                            .map(u -> new Resolved(build(account, u, roles), u.sessionEpoch())))
                    .subscribeAsCompletionStage());
            caller = entry.callers.putIfAbsent(userId, loading);
            if (caller == null) {
                caller = loading;
                loading.whenComplete((ok, failure) -> {
                    if (failure != null) entry.callers.remove(userId, loading);
                });
            }
        }
        return Uni.createFrom().completionStage(caller).map(found -> found.filter(
                        r -> r.sessionEpoch() == bearer.sessionEpoch())
                .map(Resolved::caller));
    }

    /** A user as the decider sees it, active or not (for {@code /access/explain}; not cached). */
    public record Examined(Caller caller, boolean active) {}

    public Uni<Optional<Examined>> examine(String account, String userId) {
        AccountEntry entry = entry(account);
        return Uni.createFrom().completionStage(entry.roles).flatMap(roles -> store.user(account, userId)
                .map(user -> user.map(u -> new Examined(build(account, u, roles), u.active()))));
    }

    private AccountEntry entry(String account) {
        return accounts.computeIfAbsent(
                account, name -> new AccountEntry(load(() -> store.roles(name), () -> accounts.remove(name))));
    }

    public void invalidate(String account) {
        accounts.remove(account);
    }

    public void invalidateAll() {
        accounts.clear();
    }

    /**
     * Starts loading; a failed load is forgotten so the next request tries again. The forgetting
     * runs asynchronously: a load that fails at once would otherwise modify the map from inside
     * the {@code computeIfAbsent} that started it.
     */
    private static <T> CompletableFuture<T> load(Supplier<Uni<T>> loader, Runnable onFailure) {
        CompletableFuture<T> future = loader.get().subscribeAsCompletionStage();
        future.whenCompleteAsync((ok, failure) -> {
            if (failure != null) onFailure.run();
        });
        return future;
    }

    private static Caller build(String account, AccessStore.UserGrant user, Map<String, AccessStore.RoleGrant> roles) {
        SystemRole base = SystemRole.baseRoleFor(user.anonymous());
        PermissionSet permissions = PermissionSet.empty();
        Set<String> names = new HashSet<>();
        boolean admin = false;
        for (AccessStore.RoleGrant role : roles.values()) {
            boolean holds = user.roleIds().contains(role.id())
                    || role.system().filter(base::equals).isPresent();
            if (!holds) {
                continue;
            }
            names.add(role.name());
            admin |= role.system().filter(SystemRole.ADMIN::equals).isPresent();
            permissions = permissions.union(PermissionSet.of(role.name(), role.permissions()));
        }
        return new Caller(account, user.id(), user.username(), user.anonymous(), admin, names, permissions);
    }
}
