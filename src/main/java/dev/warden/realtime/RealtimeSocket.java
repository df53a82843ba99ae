package dev.warden.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.access.AccessPolicy;
import dev.warden.access.Action;
import dev.warden.access.Decision;
import dev.warden.access.Permissible;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.query.QueryException;
import dev.warden.security.AccessStore;
import dev.warden.security.Authenticator;
import dev.warden.security.HookGate;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /{account}/realtime} (spec §11.1): subscribe and unsubscribe by mesh, filter or document
 * id over one WebSocket. Each subscription needs read on its mesh (and passes the decision hooks
 * once); every change is checked again at delivery against the subscriber's current permissions.
 */
@WebSocket(path = "/{account}/realtime")
public class RealtimeSocket {

    static final int MAX_SUBSCRIPTIONS = 100;
    /** Messages written but not yet flushed to a connection before it counts as too slow. */
    static final int MAX_PENDING_SENDS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChangeFeed feed;
    private final Authenticator authenticator;
    private final HookGate hooks;
    private final Map<String, Open> connections = new ConcurrentHashMap<>();

    public RealtimeSocket(ChangeFeed feed, Authenticator authenticator, HookGate hooks) {
        this.feed = feed;
        this.authenticator = authenticator;
        this.hooks = hooks;
    }

    /** One connection's subscriptions and how far its sends are behind. */
    private record Open(Map<String, Subscription> subscriptions, AtomicInteger pending) {}

    @OnTextMessage
    public Uni<Void> onMessage(String text, WebSocketConnection connection) {
        Open open = connections.computeIfAbsent(
                connection.id(), id -> new Open(new ConcurrentHashMap<>(), new AtomicInteger()));
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (java.io.IOException e) {
            return send(connection, open, error(null, 400, "messages are JSON objects"));
        }
        if (message == null || !message.isObject()) {
            return send(connection, open, error(null, 400, "messages are JSON objects"));
        }
        String id = message.path("id").isTextual() ? message.get("id").asText() : null;
        if (id == null || id.isEmpty() || id.length() > 64) {
            return send(connection, open, error(null, 400, "id must be a string of 1 to 64 characters"));
        }
        String type = message.path("type").asText("");
        return switch (type) {
            case "subscribe" -> subscribe(connection, open, id, message);
            case "unsubscribe" -> {
                Subscription gone = open.subscriptions().remove(id);
                if (gone != null) feed.unsubscribe(gone);
                yield send(connection, open, "{\"type\":\"unsubscribed\",\"id\":" + Change.quote(id) + "}");
            }
            default -> send(connection, open, error(id, 400, "type must be subscribe or unsubscribe"));
        };
    }

    private Uni<Void> subscribe(WebSocketConnection connection, Open open, String id, JsonNode message) {
        String account = connection.pathParam("account");
        Authenticator.Credential credential = connection.userData().get(RealtimeUpgrade.CREDENTIAL);
        String tenant = connection.userData().get(RealtimeUpgrade.TENANT);
        String mesh = message.path("mesh").asText("");
        Optional<Permissible> target = dev.warden.access.Operation.SUBSCRIBE_CHANGES.target(mesh);
        Optional<Filter> filter;
        Optional<String> documentId = message.path("documentId").isTextual()
                ? Optional.of(message.get("documentId").asText())
                : Optional.empty();
        OptionalLong since =
                message.path("since").canConvertToLong() && message.get("since").asLong() >= 0
                        ? OptionalLong.of(message.get("since").asLong())
                        : OptionalLong.empty();
        try {
            if (target.isEmpty()) throw ApiException.badRequest("mesh must name a mesh (letters only)");
            if (open.subscriptions().containsKey(id)) throw ApiException.badRequest("id " + id + " is in use");
            if (open.subscriptions().size() >= MAX_SUBSCRIPTIONS) {
                throw ApiException.badRequest("at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
            }
            if (documentId.filter(d -> !Ids.isValid(d)).isPresent()) {
                throw ApiException.badRequest("documentId must be a 24-character id");
            }
            if (message.has("since") && since.isEmpty()) {
                throw ApiException.badRequest("since must be a change position (a whole number)");
            }
            filter = message.path("filter").isObject()
                    ? Optional.of(FilterParser.parse(message.get("filter")))
                    : Optional.empty();
        } catch (ApiException e) {
            return send(connection, open, error(id, e.status(), e.getMessage()));
        } catch (QueryException e) {
            return send(connection, open, error(id, 400, e.getMessage()));
        }
        return authenticator.caller(account, tenant, credential).flatMap(caller -> {
            if (caller.isEmpty()) {
                return connection.close(new CloseReason(1008, "the credential is no longer valid"));
            }
            Decision decision = AccessPolicy.decide(caller.get(), Action.READ, target.get());
            if (!decision.allowed()) {
                return send(connection, open, error(id, 403, decision.reason()));
            }
            Subscription subscription =
                    new Subscription(account, tenant, mesh, documentId, filter, credential, sink(connection, open, id));
            return hooks.hooksFor(account, Action.READ, target.get())
                    .flatMap((java.util.List<AccessStore.HookGrant> applicable) -> hooks.ask(
                            applicable,
                            new HookGate.Question(
                                    account,
                                    tenant,
                                    caller.get(),
                                    Action.READ,
                                    target.get(),
                                    documentId,
                                    Optional.empty())))
                    .flatMap(asked -> {
                        open.subscriptions().put(id, subscription);
                        return feed.subscribe(subscription, since);
                    })
                    .flatMap(position -> send(
                            connection,
                            open,
                            "{\"type\":\"subscribed\",\"id\":" + Change.quote(id) + ",\"seq\":" + position + "}"))
                    .invoke(sent -> feed.release(subscription))
                    .onFailure(ApiException.class)
                    .recoverWithUni(e -> {
                        open.subscriptions().remove(id);
                        return send(connection, open, error(id, ((ApiException) e).status(), e.getMessage()));
                    });
        });
    }

    private Subscription.Sink sink(WebSocketConnection connection, Open open, String id) {
        return new Subscription.Sink() {
            @Override
            public void change(Change change) {
                send(connection, open, change.message(id)).subscribe().with(ok -> {}, failure -> {});
            }

            @Override
            public void ended(String reason, boolean slow) {
                open.subscriptions().remove(id);
                if (slow) {
                    connection.close(new CloseReason(1008, reason)).subscribe().with(ok -> {}, failure -> {});
                    return;
                }
                send(
                                connection,
                                open,
                                "{\"type\":\"ended\",\"id\":" + Change.quote(id) + ",\"reason\":" + Change.quote(reason)
                                        + "}")
                        .subscribe()
                        .with(ok -> {}, failure -> {});
            }
        };
    }

    /** Sends one message; a connection with too many unsent messages is closed (1008), never buffered on. */
    private Uni<Void> send(WebSocketConnection connection, Open open, String message) {
        if (open.pending().incrementAndGet() > MAX_PENDING_SENDS) {
            open.pending().decrementAndGet();
            return connection.close(new CloseReason(
                    1008,
                    "too slow: more than " + MAX_PENDING_SENDS + " messages waiting; reconnect and resume with since"));
        }
        return connection.sendText(message).eventually(() -> open.pending().decrementAndGet());
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        Open open = connections.remove(connection.id());
        if (open != null) open.subscriptions().values().forEach(feed::unsubscribe);
    }

    private static String error(String id, int status, String message) {
        return "{\"type\":\"error\",\"id\":" + (id == null ? "null" : Change.quote(id)) + ",\"status\":" + status
                + ",\"message\":" + Change.quote(message) + "}";
    }
}
