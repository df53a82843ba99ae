package dev.warden.access;

import java.util.Optional;

/** The roles every account has from the start. */
public enum SystemRole {
    /** Every permission on everything; granted explicitly. */
    ADMIN("meshy.admin", false),
    /** Base access of every registered user; membership is automatic. */
    USER("meshy.user", true),
    /** Base access of every anonymous user; membership is automatic. */
    ANONYMOUS("meshy.anonymous", true);

    public static final String RESERVED_PREFIX = "meshy.";

    private final String roleName;
    private final boolean automaticMembership;

    SystemRole(String roleName, boolean automaticMembership) {
        this.roleName = roleName;
        this.automaticMembership = automaticMembership;
    }

    public String roleName() {
        return roleName;
    }

    /** Whether members are derived from the user kind, so the member list cannot be edited. */
    public boolean hasAutomaticMembership() {
        return automaticMembership;
    }

    /** Whether the role's permissions may be edited (everything but admin, which has them all). */
    public boolean hasEditablePermissions() {
        return this != ADMIN;
    }

    public static Optional<SystemRole> byName(String name) {
        for (SystemRole role : values()) {
            if (role.roleName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    public static SystemRole baseRoleFor(boolean anonymous) {
        return anonymous ? ANONYMOUS : USER;
    }

    public static boolean isReservedName(String name) {
        return name != null && name.toLowerCase(java.util.Locale.ROOT).startsWith(RESERVED_PREFIX);
    }
}
