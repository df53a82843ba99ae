package dev.warden.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The union of every permission a caller holds through all of its roles. */
public final class PermissionSet {

    private static final PermissionSet EMPTY = new PermissionSet(List.of());

    private final List<Permission> permissions;

    private PermissionSet(List<Permission> permissions) {
        this.permissions = List.copyOf(permissions);
    }

    public static PermissionSet empty() {
        return EMPTY;
    }

    public static PermissionSet of(Collection<Permission> permissions) {
        return new PermissionSet(new ArrayList<>(permissions));
    }

    public PermissionSet union(PermissionSet other) {
        List<Permission> all = new ArrayList<>(permissions);
        all.addAll(other.permissions);
        return new PermissionSet(all);
    }

    public boolean allows(Action action, Permissible target) {
        for (Permission permission : permissions) {
            if (permission.grants(action, target)) {
                return true;
            }
        }
        return false;
    }

    public List<Permission> permissions() {
        return permissions;
    }
}
