package dev.warden.access;

/** A permission as a caller holds it: through which role (or key) it came. */
public record Grant(String via, Permission permission) {}
