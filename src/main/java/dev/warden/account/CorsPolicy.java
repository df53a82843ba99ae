package dev.warden.account;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * CORS per account: a browser app may call {@code /{account}/…} from the origins stored for that
 * account ({@code WARDEN_CORS_ORIGINS} for the account Warden sets up). A listed origin gets the
 * CORS headers and its preflights are answered; any other origin gets none (the browser then
 * keeps the answer from the page) and its preflight a 403. Same-origin calls (the console) need
 * nothing. Runs before routing, so every route — REST, SSE, errors — is covered alike.
 */
@Singleton
public class CorsPolicy {

    static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String HEADERS = "Authorization, Content-Type, Accept, If-Match, tenant, X-Api-Key, Last-Event-ID";
    static final String EXPOSED = "ETag, Retry-After, WWW-Authenticate";

    private final AccountDirectory accounts;

    public CorsPolicy(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    /** {@code a, b,,c} → [a, b, c]: the setting's comma-separated list. */
    public static List<String> origins(String setting) {
        return Arrays.stream(setting.split(","))
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .toList();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 2_000); // before authentication and routing
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) { // not a browser's cross-origin call: nothing to decide, nothing to parse
            context.next();
            return;
        }
        Optional<String> account = account(request.path());
        if (account.isEmpty()) {
            context.next();
            return;
        }
        request.pause(); // the account may be read from the database: keep the body until then
        accounts.find(account.get())
                .subscribe()
                .with(
                        found -> {
                            boolean allowed = found.map(a -> a.corsOrigins().contains(origin))
                                    .orElse(false);
                            respond(context, origin, allowed);
                        },
                        failure -> {
                            request.resume();
                            context.fail(failure);
                        });
    }

    private static void respond(RoutingContext context, String origin, boolean allowed) {
        HttpServerRequest request = context.request();
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        var response = context.response();
        response.headers().add(HttpHeaders.VARY, "Origin");
        if (allowed) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        }
        if (preflight) {
            request.resume();
            if (allowed) {
                response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "3600")
                        .setStatusCode(200)
                        .end();
            } else {
                response.setStatusCode(403)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"message\":\"origin " + origin.replaceAll("[^A-Za-z0-9:/._-]", "?")
                                + " may not call this account\",\"status\":403}");
            }
            return;
        }
        request.resume();
        context.next();
    }

    /** The first path segment, when it can be an account name. */
    static Optional<String> account(String path) {
        if (path == null || path.length() < 2 || path.startsWith("/q/") || path.startsWith("/console")) {
            return Optional.empty();
        }
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        return first.matches("[A-Za-z0-9_-]{1,64}") ? Optional.of(first) : Optional.empty();
    }
}
