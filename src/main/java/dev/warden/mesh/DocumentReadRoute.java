package dev.warden.mesh;

import dev.warden.security.Requirement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
 * {@link dev.warden.security.Admission} as {@link dev.warden.security.AccessFilter}. Everything
 * else — a refusal, a hook to ask, a missing document, a failure, an unusual request — goes on to
 * RESTEasy unchanged, which answers it as it answers every other request.
 */
@Singleton
public class DocumentReadRoute {

    private static final Pattern PLAIN_PATH =
            Pattern.compile("/" + ShortPath.SEGMENT + "/meshes/" + ShortPath.SEGMENT + "/" + ShortPath.DOCUMENT_ID);

    private static final String TEMPLATE = "/{account}/meshes/{mesh}/{id}";

    private final Requirement requirement =
            Requirement.declaredBy(MeshResource.class, "get", String.class, String.class);
    private final ShortPath shortPath;
    private final MeshService meshes;
    private final Counter served;

    public DocumentReadRoute(ShortPath shortPath, MeshService meshes, MeterRegistry meters) {
        this.shortPath = shortPath;
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
        if ((length != null && !length.equals("0"))
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || !ShortPath.plainHeaders(request)) {
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

    private void handle(RoutingContext context) {
        Optional<String[]> path = plain(context.request());
        if (path.isEmpty()) {
            context.next();
            return;
        }
        String mesh = path.get()[1];
        String id = path.get()[2];
        ShortPath.nameRoute(context, TEMPLATE);
        context.request().pause();
        var found = shortPath
                .admit(context.request(), requirement, path.get()[0], mesh, id)
                .flatMap(reach -> reach.isEmpty()
                        ? Uni.createFrom().item(Optional.<Versioned>empty())
                        : meshes.find(reach.get(), id));
        ShortPath.onRequestContext(
                context, found, document -> answer(context, document), failure -> ShortPath.handOn(context));
    }

    private void answer(RoutingContext context, Optional<Versioned> document) {
        if (document.isEmpty()) {
            ShortPath.handOn(context);
            return;
        }
        served.increment(); // before the answer, which a client may act on at once
        context.request().resume();
        ShortPath.answer(
                context,
                200,
                document.get().json(),
                "ETag",
                IfMatch.etag(document.get().version()));
    }
}
