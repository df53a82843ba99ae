package dev.warden.access;

import java.util.EnumSet;
import java.util.Set;

/** The families of things a permission can be about, with the actions each family supports. */
public enum PermissibleKind {
    MESHES("meshes", true, EnumSet.allOf(Action.class)),
    PROJECTIONS("projections", true, EnumSet.of(Action.READ)),
    USERS("users", false, EnumSet.allOf(Action.class)),
    ROLES("roles", false, EnumSet.allOf(Action.class)),
    PROJECTION_DEFINITIONS("projectionDefinitions", false, EnumSet.allOf(Action.class)),
    /** The audit log (spec §9.4): read only; nobody edits it over the API. */
    AUDIT("audit", false, EnumSet.of(Action.READ)),
    /** Server-to-server credentials with their own permissions (spec §10.1). */
    API_KEYS("apiKeys", false, EnumSet.allOf(Action.class)),
    /** Calls to the app's backend that may narrow a decision (spec §10.3). */
    HOOKS("hooks", false, EnumSet.allOf(Action.class)),
    /** The partitions of an account's data (spec §13); their data is deleted with them. */
    TENANTS("tenants", false, EnumSet.of(Action.CREATE, Action.READ, Action.DELETE)),
    /** Declared indexes of meshes (spec §14). */
    INDEXES("indexes", false, EnumSet.of(Action.CREATE, Action.READ, Action.DELETE));

    private final String broadName;
    private final boolean hasSpecificForm;
    private final Set<Action> supported;

    PermissibleKind(String broadName, boolean hasSpecificForm, Set<Action> supported) {
        this.broadName = broadName;
        this.hasSpecificForm = hasSpecificForm;
        this.supported = supported;
    }

    public String broadName() {
        return broadName;
    }

    /** Whether names like {@code meshes.orders} exist for this kind. */
    public boolean hasSpecificForm() {
        return hasSpecificForm;
    }

    public boolean supports(Action action) {
        return supported.contains(action);
    }

    public Set<Action> supportedActions() {
        return EnumSet.copyOf(supported);
    }
}
