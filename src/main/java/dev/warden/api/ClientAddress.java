package dev.warden.api;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request came from: the peer, or the forwarded client when Quarkus is told to
 * trust a proxy ({@code quarkus.http.proxy.*}).
 */
public final class ClientAddress {

    private ClientAddress() {}

    public static String of(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null
                ? null
                : request.remoteAddress().hostAddress();
    }
}
