package dev.warden.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.access.Scope;
import dev.warden.account.AccountDirectory;
import dev.warden.account.TenantDirectory;
import dev.warden.api.ErrorMappers;
import dev.warden.security.Admission;
import dev.warden.security.Authenticator;
import dev.warden.security.HookGate;
import dev.warden.security.Requirement;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the document routes beside RESTEasy share (ADRs 0016, 0017): which requests are plain enough
 * to take, and whether the caller is let in — by the same {@link Admission} as
 * {@link dev.warden.security.AccessFilter} — with no hook to ask. A request that is not plain, or
 * not let in, goes on to RESTEasy, which answers it as it answers every other request.
 */
@Singleton
class ShortPath {

    /**
     * Segments taken here: unreserved characters, not starting with a dot, so there is nothing to
     * decode or normalise and the path means to Vert.x what it means to RESTEasy.
     */
    static final String SEGMENT = "([A-Za-z0-9_~-][A-Za-z0-9._~-]*)";

    /** A document id is 24 hexadecimal digits, so no literal route beside it ({@code changes}, {@code indexes}) is taken. */
    static final String DOCUMENT_ID = "([0-9a-f]{24})";

    private final AccountDirectory accounts;
    private final TenantDirectory tenants;
    private final Admission admission;
    private final HookGate hooks;
    private final ObjectMapper json;

    ShortPath(
            AccountDirectory accounts,
            TenantDirectory tenants,
            Admission admission,
            HookGate hooks,
            ObjectMapper json) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.admission = admission;
        this.hooks = hooks;
        this.json = json;
    }

    /**
     * No query string, an {@code Accept} RESTEasy answers with JSON without weighing media types,
     * and no repeated credential or tenant header (which the filter refuses).
     */
    static boolean plainHeaders(HttpServerRequest request) {
        return request.query() == null
                && acceptsJson(request.getHeader(HttpHeaders.ACCEPT))
                && Authenticator.repeatedHeader(request.headers()).isEmpty();
    }

    /** None asked, or JSON or anything, unweighted. */
    private static boolean acceptsJson(String accept) {
        return accept == null
                || (accept.indexOf(';') < 0 && (accept.contains("application/json") || accept.contains("*/*")));
    }

    /**
     * The caller's reach into {@code mesh} when the account and the request's tenant exist,
     * {@code requirement} lets the caller in and no hook applies; empty otherwise, for RESTEasy to
     * answer. Own-scoped grants reach the caller's own documents only, as in {@link MeshResource}.
     */
    Uni<Optional<Reach>> admit(
            HttpServerRequest request, Requirement requirement, String accountName, String mesh, String id) {
        Authenticator.Credential credential = Authenticator.Credential.fromHeaders(request::getHeader);
        String tenantHeader = request.getHeader(TenantDirectory.HEADER);
        return accounts.find(accountName).flatMap(found -> {
            if (found.isEmpty()) {
                return none();
            }
            return tenants.resolve(accountName, tenantHeader).flatMap(tenant -> {
                if (tenant.isEmpty()) {
                    return none();
                }
                var account = found.get().inTenant(tenant.get());
                return admission
                        .admit(account, requirement, credential, name -> switch (name) {
                            case "mesh" -> mesh;
                            case "id" -> id;
                            default -> null;
                        })
                        .flatMap(verdict -> {
                            if (!(verdict instanceof Admission.Admitted admitted)) {
                                return none();
                            }
                            boolean ownOnly = admitted.decision().scope() == Scope.OWN;
                            Optional<Reach> reach = Optional.of(
                                    Reach.of(account, mesh, admitted.caller().principal(), ownOnly));
                            var action = admitted.operation().action();
                            if (hooks.knownNone(account.name(), action, admitted.target())) {
                                return Uni.createFrom().item(reach);
                            }
                            return hooks.hooksFor(account.name(), action, admitted.target())
                                    .map(applicable -> applicable.isEmpty() ? reach : Optional.<Reach>empty());
                        });
            });
        });
    }

    private static Uni<Optional<Reach>> none() {
        return Uni.createFrom().item(Optional.empty());
    }

    /**
     * Runs {@code step} with {@code item} on the request's own Vert.x context — where its response
     * is written and where RESTEasy's request context belongs when the request is handed on —
     * whichever thread completed {@code work}; a failure of {@code work} goes to {@code failed}.
     */
    static <T> void onRequestContext(
            RoutingContext routing, Uni<T> work, Consumer<T> step, Consumer<Throwable> failed) {
        Context requestContext = ((HttpServerRequestInternal) routing.request()).context();
        work.subscribe()
                .with(
                        item -> run(requestContext, () -> step.accept(item)),
                        failure -> run(requestContext, () -> failed.accept(failure)));
    }

    private static void run(Context requestContext, Runnable action) {
        if (Vertx.currentContext() == requestContext) {
            action.run();
        } else {
            requestContext.runOnContext(ignored -> action.run());
        }
    }

    /** Names the route as RESTEasy does for the metrics' uri tag: one series, not one per document. */
    static void nameRoute(RoutingContext routing, String template) {
        ((HttpServerRequestInternal) routing.request()).context().putLocal("UrlPathTemplate", template);
    }

    /** RESTEasy answers: the request goes on from where the route paused it. */
    static void handOn(RoutingContext routing) {
        routing.request().resume();
        routing.next();
    }

    /** A JSON answer with its headers ({@code ETag} and the like). */
    static void answer(RoutingContext routing, int status, String body, String... headers) {
        HttpServerResponse response = routing.response().setStatusCode(status);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        response.end(body);
    }

    /**
     * Answers {@code failure} as RESTEasy's exception mappers would: the same status, headers and
     * JSON error body. A closed connection has no one left to answer.
     */
    void answerFailure(RoutingContext routing, Throwable failure) {
        Response mapped = ErrorMappers.responseFor(failure);
        if (mapped == null || routing.response().ended()) {
            return;
        }
        HttpServerResponse response = routing.response().setStatusCode(mapped.getStatus());
        mapped.getStringHeaders().forEach((name, values) -> response.putHeader(name, values));
        Object entity = mapped.getEntity();
        try {
            response.end(entity instanceof String text ? text : json.writeValueAsString(entity));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
