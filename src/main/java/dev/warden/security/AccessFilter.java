package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.account.Account;
import dev.warden.account.AccountDirectory;
import dev.warden.account.TenantDirectory;
import dev.warden.api.ApiException;
import dev.warden.api.ErrorBody;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Runs before every endpoint: finds the account, authenticates the caller, resolves the caller's
 * current roles and enforces what the endpoint declared. Nothing reaches a resource method unless
 * this filter let it through; an endpoint that declared nothing is denied. The caller and the
 * decision come from {@link Admission}, which the document read beside RESTEasy uses too (ADR 0016).
 */
public class AccessFilter {

    private final AccountDirectory accounts;
    private final Admission admission;
    private final RequestCaller requestCaller;
    private final DenialSink denials;
    private final HookGate hooks;
    private final TenantDirectory tenants;
    private final ConcurrentHashMap<Method, Requirement> requirements = new ConcurrentHashMap<>();

    public AccessFilter(
            AccountDirectory accounts,
            Admission admission,
            RequestCaller requestCaller,
            DenialSink denials,
            HookGate hooks,
            TenantDirectory tenants) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.admission = admission;
        this.requestCaller = requestCaller;
        this.denials = denials;
        this.hooks = hooks;
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
        Authenticator.Credential credential = Authenticator.Credential.fromHeaders(http::getHeader);
        requestCaller.credential(credential);
        return admission.admit(account, requirement, credential, path::getFirst).flatMap(verdict -> {
            if (verdict instanceof Admission.Refused refused) {
                refused.denial()
                        .ifPresent(denial -> denials.denied(
                                account.name(),
                                account.tenant(),
                                denial.principal(),
                                denial.action(),
                                denial.permissible()));
                return Uni.createFrom().item(refused.response());
            }
            Admission.Admitted admitted = (Admission.Admitted) verdict;
            requestCaller.resolved(account, admitted.caller(), admitted.decision());
            if (admitted.operation() == null) {
                return Uni.createFrom().nullItem();
            }
            requestCaller.target(admitted.operation(), admitted.target());
            return askHooks(path, account, admitted.caller(), admitted.operation(), admitted.target());
        });
    }

    private Uni<Response> askHooks(
            MultivaluedMap<String, String> path,
            Account account,
            Caller caller,
            Operation operation,
            Permissible target) {
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
                                    caller,
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
