package dev.warden.apikey;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Permission;
import dev.warden.access.PermissionClaim;
import dev.warden.access.Principal;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.ErrorBody;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.auth.TokenIssuer;
import dev.warden.keys.ApiKeys;
import dev.warden.role.PermissionService;
import dev.warden.security.AccessCache;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API keys and the capability tokens they mint (spec §10.1, §10.2). A key is given only what its
 * creator holds, a token only what its key holds; both are decided on every request against the
 * key's current state, so revoking or narrowing a key acts on its next request, on every instance.
 */
@Singleton
public class ApiKeyService {

    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 128;
    static final long DEFAULT_TOKEN_SECONDS = 900;
    static final long MAX_TOKEN_SECONDS = 86_400;

    private final ApiKeyStore keys;
    private final AclNotifications acl;
    private final AuditLog audit;
    private final AccessCache callers;
    private final TokenIssuer issuer;

    public ApiKeyService(
            ApiKeyStore keys, AclNotifications acl, AuditLog audit, AccessCache callers, TokenIssuer issuer) {
        this.keys = keys;
        this.acl = acl;
        this.audit = audit;
        this.callers = callers;
        this.issuer = issuer;
    }

    public Uni<ApiKeyView> create(Account account, Caller caller, Body body) {
        ApiKeyStore.KeyDraft draft = draft(body, caller);
        String id = Ids.next();
        String key = ApiKeys.generate();
        return acl.inTransaction(account.name(), tx -> keys.insert(
                                tx, account.name(), id, draft, ApiKeys.shownPrefix(key), ApiKeys.hash(key))
                        .call(() ->
                                audit.appendAccountWide(tx, account.name(), entry("apiKey.create", caller, id, draft))))
                .flatMap(ignored -> get(account, id))
                .map(view -> view.withKey(key));
    }

    public Uni<Page<ApiKeyView>> search(Account account, PageRequest page) {
        return keys.search(account.name(), page)
                .map(found -> new Page<>(
                        found.page(),
                        found.pageSize(),
                        found.results().stream().map(ApiKeyView::of).toList(),
                        found.totalRecords()));
    }

    public Uni<ApiKeyView> get(Account account, String id) {
        return keys.byId(account.name(), validId(id))
                .map(found -> found.map(ApiKeyView::of).orElseThrow(ApiKeyService::notFound));
    }

    public Uni<ApiKeyView> update(Account account, Caller caller, String id, Body body) {
        validId(id);
        ApiKeyStore.KeyDraft draft = draft(body, caller);
        return acl.inTransaction(account.name(), tx -> keys.update(tx, account.name(), id, draft)
                        .call(updated -> {
                            if (!updated) throw notFound();
                            return audit.appendAccountWide(
                                    tx, account.name(), entry("apiKey.update", caller, id, draft));
                        }))
                .flatMap(ignored -> get(account, id));
    }

    /** Revokes the key: its next request, and that of every token it minted, is a 401. */
    public Uni<Void> revoke(Account account, Caller caller, String id) {
        validId(id);
        return acl.inTransaction(
                account.name(), tx -> keys.delete(tx, account.name(), id).flatMap(found -> {
                    ApiKeyStore.KeyRow row = found.orElseThrow(ApiKeyService::notFound);
                    return audit.appendAccountWide(
                            tx,
                            account.name(),
                            AuditEntry.of("apiKey.revoke", AuditEntry.Party.of(caller), target(id, row.name())));
                }));
    }

    /** What a minted token answers: the OAuth shape the SDKs already read. */
    public record MintedToken(String access_token, String token_type, long expires_in) {}

    /**
     * Mints a capability token (spec §10.2). Only an API key mints, and only within what it holds
     * now: a capability beyond the key is a 400.
     */
    public Uni<MintedToken> mint(Account account, Caller caller, Body body) {
        if (caller.principal().type() != Principal.Type.API_KEY) {
            throw new ApiException(
                    403, "Capability tokens are minted with an API key", ErrorBody.INSUFFICIENT_PERMISSION);
        }
        String subject = body.requiredString("subject");
        if (subject.isBlank() || subject.length() > MAX_SUBJECT || subject.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("subject must be 1 to " + MAX_SUBJECT + " characters");
        }
        List<Permission> capabilities = permissions(body, "capabilities");
        Decision within = AccessPolicy.decideDelegation(caller, capabilities);
        if (!within.allowed()) {
            throw ApiException.badRequest("A capability goes beyond the key: " + within.reason());
        }
        long lifetime = body.integer("expiresIn").map(Integer::longValue).orElse(DEFAULT_TOKEN_SECONDS);
        if (lifetime < 1 || lifetime > MAX_TOKEN_SECONDS) {
            throw ApiException.badRequest("expiresIn must be 1 to " + MAX_TOKEN_SECONDS + " seconds");
        }
        Uni<Void> subjectExists = Uni.createFrom().voidItem();
        if (subject.startsWith(ApiKeys.USER_SUBJECT)) {
            String userId = subject.substring(ApiKeys.USER_SUBJECT.length());
            if (!Ids.isValid(userId)) {
                throw ApiException.badRequest("A user: subject names a user by its 24-character id");
            }
            subjectExists = callers.examine(account.name(), userId).map(found -> {
                if (found.filter(AccessCache.Examined::active).isEmpty()) {
                    throw ApiException.badRequest("subject names no active user of this account");
                }
                return null;
            });
        }
        String keyId = caller.keyId().orElseThrow();
        List<String> claims = capabilities.stream().map(PermissionClaim::format).toList();
        AuditEntry minted = AuditEntry.of(
                        "capabilityToken.mint",
                        AuditEntry.Party.of(caller),
                        new AuditEntry.Party("subject", subject, subject))
                .with(Map.of("capabilities", claims, "expiresIn", lifetime));
        return subjectExists
                .flatMap(ignored -> audit.append(account.name(), account.tenant(), minted))
                .map(ignored -> new MintedToken(
                        issuer.capabilityToken(account.name(), account.tenant(), subject, keyId, claims, lifetime),
                        "Bearer",
                        lifetime));
    }

    private static ApiKeyStore.KeyDraft draft(Body body, Caller caller) {
        String name = body.requiredString("name").trim();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.badRequest("name must be 1 to " + MAX_NAME + " characters");
        }
        String description = body.string("description").orElse(null);
        List<Permission> permissions = permissions(body, "permissions");
        Optional<Instant> expiresAt = body.string("expiresAt").map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("expiresAt must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
            }
        });
        if (expiresAt.filter(at -> !at.isAfter(Instant.now())).isPresent()) {
            throw ApiException.badRequest("expiresAt must be in the future");
        }
        Decision held = AccessPolicy.decideDelegation(caller, permissions);
        if (!held.allowed()) {
            throw new ApiException(
                    403,
                    "A key cannot be given more than you hold: " + held.reason(),
                    ErrorBody.INSUFFICIENT_PERMISSION);
        }
        return new ApiKeyStore.KeyDraft(name, description, permissions, expiresAt);
    }

    /** Permission objects as roles take them (§5, patterns and scope allowed), each permissible once. */
    private static List<Permission> permissions(Body body, String field) {
        List<Permission> permissions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Body item : body.objects(field).orElseThrow(() -> ApiException.badRequest(field + " is required"))) {
            Permission permission = PermissionService.read(item);
            if (!seen.add(permission.permissible().name())) {
                throw ApiException.badRequest(permission.permissible().name() + " is given twice in " + field);
            }
            permissions.add(permission);
        }
        return permissions;
    }

    private static AuditEntry entry(String action, Caller caller, String id, ApiKeyStore.KeyDraft draft) {
        return AuditEntry.of(action, AuditEntry.Party.of(caller), target(id, draft.name()))
                .with(Map.of(
                        "permissions",
                        draft.permissions().stream()
                                .map(PermissionClaim::format)
                                .toList()));
    }

    private static AuditEntry.Party target(String id, String name) {
        return new AuditEntry.Party("apiKey", id, name);
    }

    private static String validId(String id) {
        if (!Ids.isValid(id)) throw notFound();
        return id;
    }

    static ApiException notFound() {
        return ApiException.notFound("API key not found");
    }
}
