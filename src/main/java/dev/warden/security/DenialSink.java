package dev.warden.security;

import dev.warden.access.Principal;

/**
 * Where the filter reports each refusal (the audit log, spec §9.4). An interface here, implemented
 * above, so the request filter does not depend on the feature that stores refusals.
 */
public interface DenialSink {

    default void denied(String account, String tenant, Principal principal, String action, String permissible) {
        denied(account, tenant, principal, action, permissible, null);
    }

    /** A refusal with its cause when it was not the roles', e.g. {@code hook orders: denied}. */
    void denied(String account, String tenant, Principal principal, String action, String permissible, String cause);
}
