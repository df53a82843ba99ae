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
 */
public record Caller(
        String account,
        Principal principal,
        boolean anonymous,
        boolean admin,
        Set<String> roleNames,
        PermissionSet permissions,
        List<Limit> limits,
        Optional<String> keyId) {

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
            PermissionSet permissions) {
        this(
                account,
                Principal.user(userId, username),
                anonymous,
                admin,
                roleNames,
                permissions,
                List.of(),
                Optional.empty());
    }

    public String userId() {
        return principal.id();
    }

    public String username() {
        return principal.name();
    }

    /** A user signed in with its own token: not an API key, not a capability token. */
    public boolean isUserSession() {
        return keyId.isEmpty() && principal.type() == Principal.Type.USER;
    }
}
