package dev.warden.account;

/** An app: it owns its users, roles, meshes and projections, and how people may sign up. */
public record Account(
        String name,
        boolean anonymousSignup,
        boolean publicSignup,
        Verification verification,
        java.util.List<String> corsOrigins) {}
