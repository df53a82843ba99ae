package dev.warden.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warden.security.Requirement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code POST /{account}/meshes/{mesh}} and {@code PUT /{account}/meshes/{mesh}/{id}} served beside
 * RESTEasy, for the plain case only (ADR 0017): the requirement is the one {@link MeshResource#create}
 * and {@link MeshResource#replace} declare, decided by the same {@link dev.warden.security.Admission}
 * as {@link dev.warden.security.AccessFilter}, and the write is {@link MeshService}'s, as the
 * resource calls it. A request that is not plain or not let in — a refusal, a hook to ask, an unknown
 * account or tenant — goes on to RESTEasy before its body is read. Once the body is read the route
 * answers, a failure included, with what RESTEasy's exception mappers answer.
 */
@Singleton
public class DocumentWriteRoute {

    private static final Pattern MESH_PATH = Pattern.compile("/" + ShortPath.SEGMENT + "/meshes/" + ShortPath.SEGMENT);
    private static final Pattern DOCUMENT_PATH =
            Pattern.compile("/" + ShortPath.SEGMENT + "/meshes/" + ShortPath.SEGMENT + "/" + ShortPath.DOCUMENT_ID);

    /** One write this route serves: its requirement, route template and the use case. */
    private record Write(
            Requirement requirement, String template, BiFunction<Reach, RoutedWrite, Uni<Answer>> perform) {}

    /** What the use case is given: the path's document id (null for a create), the body, {@code If-Match}. */
    private record RoutedWrite(String id, JsonNode body, String ifMatch) {}

    /** A success: status, body, and the {@code ETag} when the answer is one document. */
    private record Answer(int status, String json, String etag) {}

    private final Write create;
    private final Write replace;
    private final ShortPath shortPath;
    private final ObjectReader bodies;
    private final Counter served;

    public DocumentWriteRoute(ShortPath shortPath, MeshService meshes, ObjectMapper json, MeterRegistry meters) {
        this.shortPath = shortPath;
        // The mapper RESTEasy reads a JsonNode body with: the same numbers, depth limit and errors.
        this.bodies = json.readerFor(JsonNode.class);
        this.create = new Write(
                Requirement.declaredBy(MeshResource.class, "create", String.class, JsonNode.class),
                "/{account}/meshes/{mesh}",
                (reach, write) -> meshes.create(reach, write.body()).map(created -> new Answer(201, created, null)));
        this.replace = new Write(
                Requirement.declaredBy(
                        MeshResource.class, "replace", String.class, String.class, String.class, JsonNode.class),
                "/{account}/meshes/{mesh}/{id}",
                (reach, write) -> meshes.replace(reach, write.id(), write.body(), IfMatch.parse(write.ifMatch()))
                        .map(document -> new Answer(200, document.json(), IfMatch.etag(document.version()))));
        this.served = Counter.builder("warden.document.writes.direct")
                .description("Document creates and replaces answered beside RESTEasy (ADR 0017); every other write"
                        + " goes through it")
                .register(meters);
    }

    void install(@Observes Router router) {
        // Before RESTEasy's route (ROUTE_ORDER_DEFAULT), after Quarkus's and Warden's filters (CORS, body size).
        if (create.requirement() instanceof Requirement.Permission) {
            router.postWithRegex("/[^/]+/meshes/[^/]+").order(1_000).handler(context -> handle(context, create));
        }
        if (replace.requirement() instanceof Requirement.Permission) {
            router.putWithRegex("/[^/]+/meshes/[^/]+/[0-9a-f]{24}")
                    .order(1_000)
                    .handler(context -> handle(context, replace));
        }
    }

    /**
     * A JSON body of a declared length (at most the limit, which an earlier handler enforces), no
     * {@code Expect}, one {@code If-Match} at most, and {@link ShortPath#plainHeaders}.
     */
    static boolean plain(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null
                && !length.equals("0")
                && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && !request.headers().contains(HttpHeaders.EXPECT)
                && isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))
                && request.headers().getAll(HttpHeaders.IF_MATCH).size() <= 1
                && ShortPath.plainHeaders(request);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.replace(" ", "").toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/json;charset=utf-8");
    }

    /** {@code [account, mesh]} or {@code [account, mesh, id]} when {@code path} is one this method's route takes. */
    static Optional<String[]> pathParameters(HttpMethod method, String path) {
        Pattern pattern = method == HttpMethod.POST ? MESH_PATH : method == HttpMethod.PUT ? DOCUMENT_PATH : null;
        var matcher = pattern == null ? null : pattern.matcher(path);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        String[] parameters = new String[matcher.groupCount()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = matcher.group(i + 1);
        }
        return Optional.of(parameters);
    }

    private void handle(RoutingContext context, Write write) {
        HttpServerRequest request = context.request();
        Optional<String[]> path = plain(request) ? pathParameters(request.method(), request.path()) : Optional.empty();
        if (path.isEmpty()) {
            context.next();
            return;
        }
        String mesh = path.get()[1];
        String id = path.get().length > 2 ? path.get()[2] : null;
        ShortPath.nameRoute(context, write.template());
        request.pause();
        ShortPath.onRequestContext(
                context,
                shortPath.admit(request, write.requirement(), path.get()[0], mesh, id),
                reach -> {
                    if (reach.isEmpty()) {
                        ShortPath.handOn(context);
                    } else {
                        readAndWrite(context, write, reach.get(), id);
                    }
                },
                failure -> ShortPath.handOn(context));
    }

    /** From here on this route answers: RESTEasy cannot be given a body that was read. */
    private void readAndWrite(RoutingContext context, Write write, Reach reach, String id) {
        HttpServerRequest request = context.request();
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        request.body().onSuccess(bytes -> {
            Uni<Answer> answer = Uni.createFrom().deferred(() -> {
                JsonNode body;
                try {
                    body = bodies.readValue(bytes.getBytes());
                } catch (IOException malformed) {
                    return Uni.createFrom().failure(malformed);
                }
                return write.perform().apply(reach, new RoutedWrite(id, body, ifMatch));
            });
            ShortPath.onRequestContext(
                    context,
                    answer,
                    done -> {
                        served.increment(); // before the answer, which a client may act on at once
                        if (done.etag() == null) {
                            ShortPath.answer(context, done.status(), done.json());
                        } else {
                            ShortPath.answer(context, done.status(), done.json(), "ETag", done.etag());
                        }
                    },
                    failure -> {
                        served.increment();
                        shortPath.answerFailure(context, failure);
                    });
        });
        // A body that never arrives (the connection closed) leaves no one to answer.
        request.resume();
    }
}
