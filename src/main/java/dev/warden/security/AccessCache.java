package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.access.PermissionSet;
import dev.warden.access.Principal;
import dev.warden.access.SystemRole;
import dev.warden.keys.ApiKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
@Singleton
public class AccessCache {

    private final AccessStore store;
    private final ConcurrentHashMap<String, AccountEntry> accounts = new ConcurrentHashMap<>();

    public AccessCache(AccessStore store, io.micrometer.core.instrument.MeterRegistry meters) {
        this.store = store;
        this.accountInvalidations = meters.counter("warden.access.cache.invalidations", "scope", "account");
        this.allInvalidations = meters.counter("warden.access.cache.invalidations", "scope", "all");
    }

    private final io.micrometer.core.instrument.Counter accountInvalidations;
    private final io.micrometer.core.instrument.Counter allInvalidations;

    /** API keys are definitions of the whole account (spec §13), made by its own admins only. */
    private static final String WHOLE_ACCOUNT = "";

    private static final class AccountEntry {
        final CompletableFuture<Map<String, AccessStore.RoleGrant>> roles;
        final ConcurrentHashMap<String, CompletableFuture<Optional<Resolved>>> callers = new ConcurrentHashMap<>();
        /** API keys by the hex of their hash (a request's key) and by id (a capability token's key). */
        final ConcurrentHashMap<String, CompletableFuture<Optional<AccessStore.KeyGrant>>> keys =
                new ConcurrentHashMap<>();

        volatile CompletableFuture<List<AccessStore.HookGrant>> hooks;

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
        if (bearer.keyId().isPresent()) {
            return capabilityCaller(account, bearer, bearer.keyId().get());
        }
        return resolved(account, bearer.userId())
                .map(found -> found.filter(r -> r.sessionEpoch() == bearer.sessionEpoch())
                        .map(Resolved::caller));
    }

    /** The caller an API key speaks for; empty when no such key exists in the account or it expired. */
    public Uni<Optional<Caller>> keyCaller(String account, String key) {
        String hash = java.util.HexFormat.of().formatHex(ApiKeys.hash(key));
        return key(account, "hash:" + hash, () -> store.keyByHash(account, ApiKeys.hash(key)))
                .map(found -> found.map(k -> keyCaller(account, k)));
    }

    /** A key by id as the decision sees it (for {@code /access/explain}). */
    public Uni<Optional<Caller>> keyCallerById(String account, String keyId) {
        return key(account, "id:" + keyId, () -> store.keyById(account, keyId))
                .map(found -> found.map(k -> keyCaller(account, k)));
    }

    /**
     * A capability token's caller (spec §10.2): its capabilities, limited by what its key grants
     * now and, for a {@code user:} subject, by what that user's roles grant now. Empty (401) when
     * the key was revoked or expired, or the user is gone or inactive.
     */
    private Uni<Optional<Caller>> capabilityCaller(String account, TokenVerifier.Bearer bearer, String keyId) {
        String subject = bearer.userId();
        PermissionSet capabilities = PermissionSet.of("capability token", bearer.capabilities());
        return key(account, "id:" + keyId, () -> store.keyById(account, keyId)).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Caller>empty());
            }
            AccessStore.KeyGrant key = found.get();
            Caller.Limit keyLimit = new Caller.Limit(
                    "API key " + key.name(), false, PermissionSet.of("API key " + key.name(), key.permissions()));
            if (!subject.startsWith(ApiKeys.USER_SUBJECT)) {
                return Uni.createFrom()
                        .item(Optional.of(new Caller(
                                account,
                                new Principal(Principal.Type.SUBJECT, subject, subject),
                                false,
                                false,
                                Set.of(),
                                capabilities,
                                List.of(keyLimit),
                                Optional.of(keyId),
                                bearer.tenant())));
            }
            return resolved(account, subject.substring(ApiKeys.USER_SUBJECT.length()))
                    .map(user -> user.map(Resolved::caller)
                            .map(u -> new Caller(
                                    account,
                                    u.principal(),
                                    false,
                                    false,
                                    u.roleNames(),
                                    capabilities,
                                    List.of(
                                            keyLimit,
                                            new Caller.Limit("user " + u.username(), u.admin(), u.permissions())),
                                    Optional.of(keyId),
                                    bearer.tenant())));
        });
    }

    private static Caller keyCaller(String account, AccessStore.KeyGrant key) {
        return new Caller(
                account,
                new Principal(Principal.Type.API_KEY, key.id(), key.name()),
                false,
                false,
                Set.of(),
                PermissionSet.of("API key " + key.name(), key.permissions()),
                List.of(),
                Optional.of(key.id()),
                WHOLE_ACCOUNT);
    }

    /** A key from the cache or the store; absent keys are not remembered (random keys would fill memory). */
    private Uni<Optional<AccessStore.KeyGrant>> key(
            String account, String cacheKey, Supplier<Uni<Optional<AccessStore.KeyGrant>>> load) {
        AccountEntry entry = entry(account);
        CompletableFuture<Optional<AccessStore.KeyGrant>> known = entry.keys.get(cacheKey);
        if (known == null) {
            CompletableFuture<Optional<AccessStore.KeyGrant>> loading =
                    load.get().subscribeAsCompletionStage();
            known = entry.keys.putIfAbsent(cacheKey, loading);
            if (known == null) {
                known = loading;
                loading.whenComplete((found, failure) -> {
                    if (failure != null || found.isEmpty()) entry.keys.remove(cacheKey, loading);
                });
            }
        }
        Instant now = Instant.now();
        return Uni.createFrom().completionStage(known).map(found -> found.filter(k -> !k.expired(now)));
    }

    /** The account's hooks (spec §10.3), loaded once and dropped with everything else on a change. */
    public Uni<List<AccessStore.HookGrant>> hooks(String account) {
        AccountEntry entry = entry(account);
        CompletableFuture<List<AccessStore.HookGrant>> hooks = entry.hooks;
        if (hooks == null) {
            synchronized (entry) {
                if (entry.hooks == null) {
                    entry.hooks = load(() -> store.hooks(account), () -> entry.hooks = null);
                }
                hooks = entry.hooks;
            }
        }
        return Uni.createFrom().completionStage(hooks);
    }

    /** The account's hooks when they are already loaded: the hot path asks without a {@code Uni}. */
    public Optional<List<AccessStore.HookGrant>> loadedHooks(String account) {
        CompletableFuture<List<AccessStore.HookGrant>> hooks = entry(account).hooks;
        return hooks != null && hooks.isDone() && !hooks.isCompletedExceptionally()
                ? Optional.of(hooks.join())
                : Optional.empty();
    }

    private Uni<Optional<Resolved>> resolved(String account, String userId) {
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
        return Uni.createFrom().completionStage(caller);
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
        accountInvalidations.increment();
        accounts.remove(account);
    }

    /** After a reconnect of the LISTEN connection, when notices may have been missed. */
    public void invalidateAll() {
        allInvalidations.increment();
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
        return new Caller(
                account, user.id(), user.username(), user.anonymous(), admin, names, permissions, user.tenant());
    }
}
