package dev.warden.access;

import java.util.Set;

/**
 * Who is asking, as resolved afresh on every request: the user, whether it is anonymous, whether
 * it holds {@code meshy.admin}, the names of every role it holds, and the merged permissions of
 * its base system role and custom roles.
 */
public record Caller(
        String account,
        String userId,
        String username,
        boolean anonymous,
        boolean admin,
        Set<String> roleNames,
        PermissionSet permissions) {

    public Caller {
        roleNames = Set.copyOf(roleNames);
    }
}
