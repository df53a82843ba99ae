package dev.warden.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.access.Principal;
import dev.warden.access.Scope;
import dev.warden.account.Account;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;

/** The account and caller the filter resolved for this request. */
@RequestScoped
public class RequestCaller {

    private Account account;
    private Caller caller;
    private Decision decision;
    private Operation operation;
    private Permissible target;
    private List<AccessStore.HookGrant> pendingHooks;
    /** A hook's refusal is audited where it is decided, with its cause; not a second time as a late one. */
    private boolean refusalAudited;

    private Authenticator.Credential credential = Authenticator.Credential.none();

    private final HookGate gate;

    public RequestCaller(HookGate gate) {
        this.gate = gate;
    }

    void resolved(Account account, Caller caller, Decision decision) {
        this.account = account;
        this.caller = caller;
        this.decision = decision;
    }

    public Account account() {
        return account;
    }

    /** The signed-in caller; only endpoints that need a token may ask. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no caller on a public endpoint");
        }
        return caller;
    }

    void target(Operation operation, Permissible target) {
        this.operation = operation;
        this.target = target;
    }

    /** A refusal after the filter allowed the request, as the audit log records it. */
    public record LateDenial(String account, String tenant, Principal principal, String action, String permissible) {}

    java.util.Optional<LateDenial> deniedLate() {
        if (caller == null || operation == null || refusalAudited) return java.util.Optional.empty();
        return java.util.Optional.of(new LateDenial(
                account.name(),
                account.tenant(),
                caller.principal(),
                operation.action().word(),
                target.name()));
    }

    /**
     * Whether the request reaches only the caller's own documents, as the filter decided it (spec
     * §9.2): every matching grant is own-scoped.
     */
    public boolean ownDocumentsOnly() {
        return decision != null && decision.scope() == Scope.OWN;
    }

    void credential(Authenticator.Credential credential) {
        this.credential = credential;
    }

    /** The credential this request presented, for a subscription that re-checks it before each delivery. */
    public Authenticator.Credential credential() {
        return credential;
    }

    void refusalAudited() {
        this.refusalAudited = true;
    }

    void hooksPending(List<AccessStore.HookGrant> hooks) {
        this.pendingHooks = hooks;
    }

    /**
     * Asks the decision hooks the filter left for the resource because they are told the document
     * the request writes (spec §10.3); fails with a 403 when one refuses. A no-op without hooks.
     */
    public Uni<Void> askHooks(java.util.Optional<String> documentId, JsonNode document) {
        if (pendingHooks == null || pendingHooks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AccessStore.HookGrant> hooks = pendingHooks;
        pendingHooks = null;
        return gate.ask(
                        hooks,
                        new HookGate.Question(
                                account.name(),
                                account.tenant(),
                                caller,
                                operation.action(),
                                target,
                                documentId,
                                java.util.Optional.ofNullable(document)))
                .onFailure()
                .invoke(this::refusalAudited);
    }
}
