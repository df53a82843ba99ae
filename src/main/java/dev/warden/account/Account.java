package dev.warden.account;

/**
 * An app: it owns its users, roles, meshes and projections, and how people may sign up. A request
 * sees it through one tenant (spec §13): {@code ""} is the default tenant, the one without a header.
 */
public record Account(
        String name,
        boolean anonymousSignup,
        boolean publicSignup,
        Verification verification,
        java.util.List<String> corsOrigins,
        String tenant) {

    public static final String DEFAULT_TENANT = "";

    /** The same account, seen through {@code tenant}. */
    public Account inTenant(String tenant) {
        return new Account(name, anonymousSignup, publicSignup, verification, corsOrigins, tenant);
    }

    public boolean inDefaultTenant() {
        return tenant.isEmpty();
    }
}
