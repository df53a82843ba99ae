package dev.warden.realtime;

import dev.warden.access.Operation;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
import dev.warden.api.QueryParams;
import dev.warden.api.RelaxedJson;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /{account}/meshes/{mesh}/changes} as server-sent events (spec §11.1): a
 * {@code subscribed} event with the position it starts after, then one {@code change} event per
 * change ({@code id:} its seq, so {@code Last-Event-ID} resumes), and {@code ended} when the
 * subscriber lost read. Needs read on the mesh; owner scope and the filter apply per change.
 */
@Path("/{account}/meshes/{mesh}/changes")
public class ChangeResource {

    private final ChangeFeed feed;
    private final RequestCaller request;

    public ChangeResource(ChangeFeed feed, RequestCaller request) {
        this.feed = feed;
        this.request = request;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Consumes(MediaType.WILDCARD)
    @Requires(Operation.SUBSCRIBE_CHANGES)
    public Multi<OutboundSseEvent> changes(
            @PathParam("mesh") String mesh,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context UriInfo uriInfo,
            @Context Sse sse) {
        QueryParams params = QueryParams.of(uriInfo);
        Optional<Filter> filter = params.get("filter")
                .filter(text -> !text.isBlank())
                .map(text -> FilterParser.parse(RelaxedJson.parse("filter", text)));
        Optional<String> documentId = params.get("documentId").filter(text -> !text.isBlank());
        if (documentId.filter(id -> !Ids.isValid(id)).isPresent()) {
            throw ApiException.badRequest("documentId must be a 24-character id");
        }
        OptionalLong since =
                position(lastEventId != null ? lastEventId : params.get("since").orElse(null));
        String account = request.account().name();
        String tenant = request.account().tenant();
        return Multi.createFrom()
                .<OutboundSseEvent>emitter(emitter -> {
                    Subscription subscription = new Subscription(
                            account, tenant, mesh, documentId, filter, request.credential(), new Subscription.Sink() {
                                @Override
                                public void change(Change change) {
                                    emitter.emit(sse.newEventBuilder()
                                            .id(Long.toString(change.seq()))
                                            .name("change")
                                            .data(change.message(null))
                                            .build());
                                }

                                @Override
                                public void ended(String reason, boolean slow) {
                                    emitter.emit(sse.newEventBuilder()
                                            .name("ended")
                                            .data("{\"type\":\"ended\",\"reason\":" + Change.quote(reason) + "}")
                                            .build());
                                    emitter.complete();
                                }
                            });
                    emitter.onTermination(() -> feed.unsubscribe(subscription));
                    feed.subscribe(subscription, since)
                            .subscribe()
                            .with(
                                    position -> {
                                        emitter.emit(sse.newEventBuilder()
                                                .name("subscribed")
                                                .data("{\"type\":\"subscribed\",\"seq\":" + position + "}")
                                                .build());
                                        feed.release(subscription);
                                    },
                                    failure -> {
                                        int status = failure instanceof ApiException e ? e.status() : 500;
                                        emitter.emit(sse.newEventBuilder()
                                                .name("error")
                                                .data("{\"type\":\"error\",\"status\":" + status + ",\"message\":"
                                                        + Change.quote(
                                                                status == 500
                                                                        ? "subscription failed"
                                                                        : failure.getMessage())
                                                        + "}")
                                                .build());
                                        emitter.complete();
                                    });
                })
                // A reader that stops reading is cut off, not buffered without bound.
                .onOverflow()
                .buffer(Subscription.MAX_QUEUED);
    }

    static OptionalLong position(String text) {
        if (text == null || text.isBlank()) return OptionalLong.empty();
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) throw new NumberFormatException();
            return OptionalLong.of(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("since (or Last-Event-ID) must be a change position (a whole number)");
        }
    }
}
