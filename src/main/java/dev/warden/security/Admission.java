package dev.warden.security;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.access.Principal;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.ErrorBody;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Whether one request's credential meets its endpoint's declared requirement: the caller, and for a
 * permission the decision. The one evaluation every request path uses ({@link AccessFilter} for
 * RESTEasy, the document read route beside it); it changes nothing but the key's last use, so a
 * path that does not answer a refusal itself can hand the request on to one that does.
 */
@Singleton
public class Admission {

    private final Authenticator authenticator;
    private final KeyUsage keyUsage;
    /** Time spent deciding (token, caller, permission) per signed-in request: the cost of access control. */
    private final Timer checks;

    public Admission(Authenticator authenticator, KeyUsage keyUsage, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.keyUsage = keyUsage;
        this.checks = Timer.builder("warden.access.check")
                .description("Token verification, caller resolution and the permission decision of one request")
                .register(meters);
    }

    public sealed interface Verdict {}

    /** Let in; {@code decision}, {@code operation} and {@code target} are null unless a permission was required. */
    public record Admitted(Caller caller, Decision decision, Operation operation, Permissible target)
            implements Verdict {}

    /** Turned away with {@code response}; a refused permission names what to audit. */
    public record Refused(Response response, Optional<Denial> denial) implements Verdict {

        Refused(Response response) {
            this(response, Optional.empty());
        }
    }

    /** A refused permission as the audit log records it. */
    public record Denial(Principal principal, String action, String permissible) {}

    /**
     * Decides a signed-in requirement ({@link Requirement.AnyUser} or {@link Requirement.Permission})
     * for {@code credential} in {@code account}'s tenant; {@code pathParameter} fills in the target.
     */
    public Uni<Verdict> admit(
            Account account,
            Requirement requirement,
            Authenticator.Credential credential,
            UnaryOperator<String> pathParameter) {
        if (!credential.present()) {
            return Uni.createFrom().item(new Refused(unauthorized()));
        }
        long started = System.nanoTime();
        return authenticator
                .caller(account.name(), account.tenant(), credential)
                .map(caller -> caller.<Verdict>map(found -> decide(found, requirement, pathParameter))
                        .orElseGet(() -> new Refused(unauthorized())))
                .invoke(() -> checks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    private Verdict decide(Caller caller, Requirement requirement, UnaryOperator<String> pathParameter) {
        caller.keyId().ifPresent(keyId -> keyUsage.used(caller.account(), keyId));
        if (requirement instanceof Requirement.AnyUser anyUser && anyUser.usersOnly() && !caller.isUserSession()) {
            return new Refused(ErrorBody.response(
                    400,
                    "This endpoint is for a signed-in user; API keys and capability tokens have none"
                            + " (GET /users/me/permissions answers for them)"));
        }
        if (!(requirement instanceof Requirement.Permission permission)) {
            return new Admitted(caller, null, null, null);
        }
        Permissible target;
        try {
            target = permission.permissible(pathParameter);
        } catch (ApiException e) {
            return new Refused(ErrorBody.response(e.status(), e.getMessage()));
        }
        Operation operation = permission.operation();
        Decision decision = AccessPolicy.decide(caller, operation, target);
        if (!decision.allowed()) {
            return new Refused(
                    ErrorBody.denied(decision.reason()),
                    Optional.of(
                            new Denial(caller.principal(), operation.action().word(), target.name())));
        }
        return new Admitted(caller, decision, operation, target);
    }

    private static Response unauthorized() {
        return Response.fromResponse(ErrorBody.response(401, "A valid access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
