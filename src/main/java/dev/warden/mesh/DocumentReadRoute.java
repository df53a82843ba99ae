package dev.warden.mesh;

import dev.warden.access.Action;
import dev.warden.access.Scope;
import dev.warden.account.Account;
import dev.warden.account.AccountDirectory;
import dev.warden.account.TenantDirectory;
import dev.warden.security.Admission;
import dev.warden.security.Authenticator;
import dev.warden.security.HookGate;
import dev.warden.security.Requirement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /{account}/meshes/{mesh}/{id}} served beside RESTEasy, for the plain case only: the
 * most frequent request skips RESTEasy's routing, filters, writers and request context (ADR 0016).
 * Its requirement is the one {@link MeshResource#get} declares, decided by the same
 * {@link Admission} as {@link dev.warden.security.AccessFilter}. Everything else — a refusal, a
 * hook to ask, a missing document, a failure, an unusual request — goes on to RESTEasy unchanged,
 * which answers it as it answers every other request.
 */
@Singleton
public class DocumentReadRoute {

    /**
     * Segments taken here: unreserved characters, not starting with a dot, so there is nothing to
     * decode or normalise and the path means to Vert.x what it means to RESTEasy.
     */
    private static final String SEGMENT = "([A-Za-z0-9_~-][A-Za-z0-9._~-]*)";

    /** A document id is 24 hexadecimal digits, so no literal route beside it ({@code changes}, {@code indexes}) is taken. */
    private static final Pattern PLAIN_PATH = Pattern.compile("/" + SEGMENT + "/meshes/" + SEGMENT + "/([0-9a-f]{24})");

    private static final String TEMPLATE = "/{account}/meshes/{mesh}/{id}";

    private final Requirement requirement =
            Requirement.declaredBy(MeshResource.class, "get", String.class, String.class);
    private final AccountDirectory accounts;
    private final TenantDirectory tenants;
    private final Admission admission;
    private final HookGate hooks;
    private final MeshService meshes;
    private final Counter served;

    public DocumentReadRoute(
            AccountDirectory accounts,
            TenantDirectory tenants,
            Admission admission,
            HookGate hooks,
            MeshService meshes,
            MeterRegistry meters) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.admission = admission;
        this.hooks = hooks;
        this.meshes = meshes;
        this.served = Counter.builder("warden.document.reads.direct")
                .description("Document reads answered beside RESTEasy (ADR 0016); every other read goes through it")
                .register(meters);
    }

    void install(@Observes Router router) {
        if (requirement instanceof Requirement.Permission) {
            // Before RESTEasy's route (ROUTE_ORDER_DEFAULT), after Quarkus's and Warden's filters.
            router.getWithRegex("/[^/]+/meshes/[^/]+/[0-9a-f]{24}").order(1_000).handler(this::handle);
        }
    }

    /** The request's path parameters when this route takes it; empty hands it on. */
    static Optional<String[]> plain(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (request.query() != null
                || (length != null && !length.equals("0"))
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))
                || Authenticator.repeatedHeader(request.headers()).isPresent()) {
            return Optional.empty();
        }
        return pathParameters(request.path());
    }

    /** {@code [account, mesh, id]} when {@code path} is a document this route may read. */
    static Optional<String[]> pathParameters(String path) {
        var matcher = PLAIN_PATH.matcher(path);
        return matcher.matches()
                ? Optional.of(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)})
                : Optional.empty();
    }

    /** What RESTEasy would answer with JSON without weighing media types: none asked, or JSON or anything, unweighted. */
    private static boolean acceptsJson(String accept) {
        return accept == null
                || (accept.indexOf(';') < 0 && (accept.contains("application/json") || accept.contains("*/*")));
    }

    private void handle(RoutingContext context) {
        Optional<String[]> path = plain(context.request());
        if (path.isEmpty()) {
            context.next();
            return;
        }
        String accountName = path.get()[0];
        String mesh = path.get()[1];
        String id = path.get()[2];
        HttpServerRequest request = context.request();
        Context requestContext = ((HttpServerRequestInternal) request).context();
        // The metrics' uri tag, as RESTEasy names the route: one series, not one per document.
        requestContext.putLocal("UrlPathTemplate", TEMPLATE);
        Authenticator.Credential credential = Authenticator.Credential.fromHeaders(request::getHeader);
        String tenantHeader = request.getHeader(TenantDirectory.HEADER);
        request.pause();
        find(accountName, tenantHeader, credential, mesh, id)
                .subscribe()
                .with(
                        document -> onRequestContext(requestContext, () -> answer(context, document)),
                        failure -> onRequestContext(requestContext, () -> handOn(context)));
    }

    private Uni<Optional<Versioned>> find(
            String accountName, String tenantHeader, Authenticator.Credential credential, String mesh, String id) {
        return accounts.find(accountName).flatMap(account -> {
            if (account.isEmpty()) {
                return Uni.createFrom().item(Optional.empty());
            }
            return tenants.resolve(accountName, tenantHeader)
                    .flatMap(tenant -> tenant.isEmpty()
                            ? Uni.createFrom().item(Optional.empty())
                            : read(account.get().inTenant(tenant.get()), credential, mesh, id));
        });
    }

    /** The document when the caller may read it, no hook asks and it exists; otherwise empty. */
    private Uni<Optional<Versioned>> read(
            Account account, Authenticator.Credential credential, String mesh, String id) {
        return admission
                .admit(account, requirement, credential, name -> switch (name) {
                    case "mesh" -> mesh;
                    case "id" -> id;
                    default -> null;
                })
                .flatMap(verdict -> {
                    if (!(verdict instanceof Admission.Admitted admitted)) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    boolean ownOnly = admitted.decision().scope() == Scope.OWN;
                    Reach reach = Reach.of(account, mesh, admitted.caller().principal(), ownOnly);
                    Action action = admitted.operation().action();
                    if (hooks.knownNone(account.name(), action, admitted.target())) {
                        return meshes.find(reach, id);
                    }
                    return hooks.hooksFor(account.name(), action, admitted.target())
                            .flatMap(applicable -> applicable.isEmpty()
                                    ? meshes.find(reach, id)
                                    : Uni.createFrom().item(Optional.empty()));
                });
    }

    private void answer(RoutingContext context, Optional<Versioned> document) {
        if (document.isEmpty()) {
            handOn(context);
            return;
        }
        served.increment(); // before the answer, which a client may act on at once
        context.request().resume();
        context.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("ETag", IfMatch.etag(document.get().version()))
                .end(document.get().json());
    }

    /** RESTEasy answers: on the request's own event loop, where its request context belongs. */
    private static void handOn(RoutingContext context) {
        context.request().resume();
        context.next();
    }

    private static void onRequestContext(Context requestContext, Runnable action) {
        if (Vertx.currentContext() == requestContext) {
            action.run();
        } else {
            requestContext.runOnContext(ignored -> action.run());
        }
    }
}
