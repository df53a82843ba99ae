package dev.warden.security;

/**
 * Where the filter reports each refusal (the audit log, spec §9.4). An interface here, implemented
 * above, so the request filter does not depend on the feature that stores refusals.
 */
public interface DenialSink {

    void denied(String account, String principalId, String principalName, String action, String permissible);
}
