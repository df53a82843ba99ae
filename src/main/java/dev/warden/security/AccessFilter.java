package dev.warden.security;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.account.Account;
import dev.warden.account.AccountDirectory;
import dev.warden.account.TenantDirectory;
import dev.warden.api.ApiException;
import dev.warden.api.ErrorBody;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Runs before every endpoint: finds the account, authenticates the caller, resolves the caller's
 * current roles and enforces what the endpoint declared. Nothing reaches a resource method unless
 * this filter let it through; an endpoint that declared nothing is denied.
 */
public class AccessFilter {

    private final AccountDirectory accounts;
    private final Authenticator authenticator;
    private final RequestCaller requestCaller;
    private final DenialSink denials;
    private final HookGate hooks;
    private final KeyUsage keyUsage;
    private final TenantDirectory tenants;
    private final ConcurrentHashMap<Method, Requirement> requirements = new ConcurrentHashMap<>();
    /** Time spent deciding (token, caller, permission) per signed-in request: the cost of access control. */
    private final Timer checks;

    public AccessFilter(
            AccountDirectory accounts,
            Authenticator authenticator,
            RequestCaller requestCaller,
            DenialSink denials,
            HookGate hooks,
            KeyUsage keyUsage,
            TenantDirectory tenants,
            MeterRegistry meters) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.requestCaller = requestCaller;
        this.denials = denials;
        this.hooks = hooks;
        this.keyUsage = keyUsage;
        this.checks = Timer.builder("warden.access.check")
                .description("Token verification, caller resolution and the permission decision of one request")
                .register(meters);
    }

    @ServerRequestFilter
    public Uni<Response> enforce(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        Method method = resource.getResourceMethod();
        if (method == null || !isWardenEndpoint(method)) {
            return Uni.createFrom().nullItem();
        }
        Requirement requirement = requirements.computeIfAbsent(method, Requirement::of);
        if (requirement instanceof Requirement.Undeclared) {
            return Uni.createFrom().item(ErrorBody.response(403, "This endpoint declares no access requirement"));
        }
        Optional<String> repeated = Authenticator.repeatedHeader(http.headers());
        if (repeated.isPresent()) {
            return Uni.createFrom()
                    .item(ErrorBody.response(400, "The " + repeated.get() + " header may be sent only once"));
        }
        // Built anew on every call: read once.
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        if (hasNul(path) || (http.query() != null && hasNul(request.getUriInfo().getQueryParameters()))) {
            // PostgreSQL text cannot hold NUL; refuse it before it reaches any query.
            return Uni.createFrom()
                    .item(ErrorBody.response(400, "Request parameters may not contain the NUL character"));
        }
        String accountName = path.getFirst("account");
        if (accountName == null) {
            return Uni.createFrom().item(ErrorBody.response(403, "This endpoint has no account"));
        }
        // Headers from the Vert.x request: the JAX-RS view copies all of them into a sorted map first.
        String tenantHeader = http.getHeader(TenantDirectory.HEADER);
        return accounts.find(accountName).flatMap(account -> {
            if (account.isEmpty()) {
                return Uni.createFrom().item(ErrorBody.response(404, "Unknown account"));
            }
            return tenants.resolve(account.get().name(), tenantHeader).flatMap(tenant -> {
                if (tenant.isEmpty()) {
                    return Uni.createFrom().item(ErrorBody.response(400, "Unknown tenant"));
                }
                Account seen = account.get().inTenant(tenant.get());
                if (requirement instanceof Requirement.Open) {
                    requestCaller.resolved(seen, null, null);
                    return Uni.createFrom().nullItem();
                }
                return authenticate(http, path, seen, requirement);
            });
        });
    }

    private Uni<Response> authenticate(
            HttpServerRequest http, MultivaluedMap<String, String> path, Account account, Requirement requirement) {
        long started = System.nanoTime();
        return check(http, path, account, requirement)
                .invoke(() -> checks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    private Uni<Response> check(
            HttpServerRequest http, MultivaluedMap<String, String> path, Account account, Requirement requirement) {
        Authenticator.Credential credential = Authenticator.Credential.fromHeaders(http::getHeader);
        if (!credential.present()) {
            return Uni.createFrom().item(unauthorized());
        }
        requestCaller.credential(credential);
        Uni<Optional<Caller>> resolving = authenticator.caller(account.name(), account.tenant(), credential);
        return resolving.flatMap(caller -> {
            if (caller.isEmpty()) {
                return Uni.createFrom().item(unauthorized());
            }
            caller.get().keyId().ifPresent(keyId -> keyUsage.used(account.name(), keyId));
            if (requirement instanceof Requirement.AnyUser anyUser
                    && anyUser.usersOnly()
                    && !caller.get().isUserSession()) {
                return Uni.createFrom()
                        .item(ErrorBody.response(
                                400,
                                "This endpoint is for a signed-in user; API keys and capability tokens have none"
                                        + " (GET /users/me/permissions answers for them)"));
            }
            if (!(requirement instanceof Requirement.Permission permission)) {
                requestCaller.resolved(account, caller.get(), null);
                return Uni.createFrom().nullItem();
            }
            Permissible target;
            try {
                target = permission.permissible(path::getFirst);
            } catch (ApiException e) {
                return Uni.createFrom().item(ErrorBody.response(e.status(), e.getMessage()));
            }
            Operation operation = permission.operation();
            Decision decision = AccessPolicy.decide(caller.get(), operation, target);
            if (!decision.allowed()) {
                denials.denied(
                        account.name(),
                        account.tenant(),
                        caller.get().principal(),
                        operation.action().word(),
                        target.name());
                return Uni.createFrom().item(ErrorBody.denied(decision.reason()));
            }
            requestCaller.target(operation, target);
            requestCaller.resolved(account, caller.get(), decision);
            if (hooks.knownNone(account.name(), operation.action(), target)) {
                return Uni.createFrom().nullItem();
            }
            return hooks.hooksFor(account.name(), operation.action(), target).flatMap(applicable -> {
                if (operation.hookSeesDocument()) {
                    // The document is in the body, read after this filter: the resource asks.
                    requestCaller.hooksPending(applicable);
                    return Uni.createFrom().nullItem();
                }
                return hooks.ask(
                                applicable,
                                new HookGate.Question(
                                        account.name(),
                                        account.tenant(),
                                        caller.get(),
                                        operation.action(),
                                        target,
                                        Optional.ofNullable(path.getFirst("id")),
                                        Optional.empty()))
                        .replaceWith((Response) null)
                        .onFailure(ApiException.class)
                        .recoverWithItem(e -> {
                            requestCaller.refusalAudited();
                            return ErrorBody.response(403, e.getMessage(), ((ApiException) e).code());
                        });
            });
        });
    }

    /**
     * A 403 from behind the filter (a secondary requirement the service checked once it read the
     * target, e.g. acting on a more privileged user) is audited like the filter's own.
     */
    @ServerResponseFilter
    public void auditLateDenial(ContainerResponseContext response) {
        if (response.getStatus() == 403) {
            requestCaller
                    .deniedLate()
                    .ifPresent(
                            d -> denials.denied(d.account(), d.tenant(), d.principal(), d.action(), d.permissible()));
        }
    }

    private static Response unauthorized() {
        return Response.fromResponse(ErrorBody.response(401, "A valid access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static boolean hasNul(MultivaluedMap<String, String> parameters) {
        for (var entry : parameters.entrySet()) {
            if (entry.getKey().indexOf('\u0000') >= 0) return true;
            for (String value : entry.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) return true;
            }
        }
        return false;
    }

    /** Framework endpoints (health, metrics, OpenAPI) are not Warden's and are not filtered here. */
    static boolean isWardenEndpoint(Method method) {
        return method.getDeclaringClass().getPackageName().startsWith("dev.warden");
    }
}
