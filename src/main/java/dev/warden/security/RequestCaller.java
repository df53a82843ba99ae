package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.access.Scope;
import dev.warden.account.Account;
import jakarta.enterprise.context.RequestScoped;

/** The account and caller the filter resolved for this request. */
@RequestScoped
public class RequestCaller {

    private Account account;
    private Caller caller;
    private Decision decision;
    private Operation operation;
    private Permissible target;

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
    public record LateDenial(String account, String userId, String username, String action, String permissible) {}

    java.util.Optional<LateDenial> deniedLate() {
        if (caller == null || operation == null) return java.util.Optional.empty();
        return java.util.Optional.of(new LateDenial(
                account.name(),
                caller.userId(),
                caller.username(),
                operation.action().word(),
                target.name()));
    }

    /**
     * Which documents the request reaches, as the filter decided it (spec §9.2): the caller's own
     * user id when every matching grant is own-scoped, empty when it reaches all of them.
     */
    public java.util.Optional<String> ownerScope() {
        return decision != null && decision.scope() == Scope.OWN
                ? java.util.Optional.of(caller().userId())
                : java.util.Optional.empty();
    }
}
