package dev.warden.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The union of every permission a caller holds through all of its roles, each with where it came from. */
public final class PermissionSet {

    private static final PermissionSet EMPTY = new PermissionSet(List.of());

    private final List<Grant> grants;

    private PermissionSet(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public static PermissionSet empty() {
        return EMPTY;
    }

    public static PermissionSet of(Collection<Permission> permissions) {
        return of("", permissions);
    }

    /** Permissions that all came through {@code via} (a role's name). */
    public static PermissionSet of(String via, Collection<Permission> permissions) {
        List<Grant> grants = new ArrayList<>();
        for (Permission permission : permissions) grants.add(new Grant(via, permission));
        return new PermissionSet(grants);
    }

    public PermissionSet union(PermissionSet other) {
        List<Grant> all = new ArrayList<>(grants);
        all.addAll(other.grants);
        return new PermissionSet(all);
    }

    public boolean allows(Action action, Permissible target) {
        return !matching(action, target).isEmpty();
    }

    /** Every grant that allows {@code action} on {@code target}: exact, pattern and broad alike. */
    public List<Grant> matching(Action action, Permissible target) {
        List<Grant> found = new ArrayList<>();
        for (Grant grant : grants) {
            if (grant.permission().grants(action, target)) found.add(grant);
        }
        return found;
    }

    public List<Grant> grants() {
        return grants;
    }

    public List<Permission> permissions() {
        return grants.stream().map(Grant::permission).toList();
    }
}
