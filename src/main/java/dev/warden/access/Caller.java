package dev.warden.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as resolved afresh on every request: the principal, whether it is anonymous,
 * whether it holds {@code meshy.admin}, the names of every role it holds and the merged permissions
 * of its roles (or of its API key, or its token's capabilities). {@code limits} must allow as well:
 * a capability token is bounded by its key's current permissions and its user's current roles
 * (spec §10.2). {@code keyId} names the API key behind a key or capability-token caller.
 * {@code tenant} is the tenant the caller belongs to (spec §13): a user's, or the one a capability
 * token was minted in; {@code ""} is the default tenant, the account's own, and API keys, which
 * are definitions of the whole account.
 */
public record Caller(
        String account,
        Principal principal,
        boolean anonymous,
        boolean admin,
        Set<String> roleNames,
        PermissionSet permissions,
        List<Limit> limits,
        Optional<String> keyId,
        String tenant) {

    /** Permissions that must also allow, whatever the caller's own permissions say. */
    public record Limit(String via, boolean unrestricted, PermissionSet permissions) {}

    public Caller {
        roleNames = Set.copyOf(roleNames);
        limits = List.copyOf(limits);
    }

    /** A signed-in user with its roles. */
    public Caller(
            String account,
            String userId,
            String username,
            boolean anonymous,
            boolean admin,
            Set<String> roleNames,
            PermissionSet permissions,
            String tenant) {
        this(
                account,
                Principal.user(userId, username),
                anonymous,
                admin,
                roleNames,
                permissions,
                List.of(),
                Optional.empty(),
                tenant);
    }

    public String userId() {
        return principal.id();
    }

    public String username() {
        return principal.name();
    }

    /**
     * Whether the caller speaks for the whole account: it belongs to the default tenant, or it is
     * an API key. Only such callers change what applies in every tenant (spec §13).
     */
    public boolean ofWholeAccount() {
        return tenant.isEmpty();
    }

    /** A user signed in with its own token: not an API key, not a capability token. */
    public boolean isUserSession() {
        return keyId.isEmpty() && principal.type() == Principal.Type.USER;
    }
}
