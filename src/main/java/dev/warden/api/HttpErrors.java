package dev.warden.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than the limit is refused before it is read, with the same JSON error
 * body as every other API error (Quarkus' own check, which runs after this one, answers bare).
 * Chunked bodies without a length are cut by the REST layer and mapped in {@link ErrorMappers}.
 */
@Singleton
public class HttpErrors {

    private final long maxBodyBytes;

    public HttpErrors(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("content-length");
            if (length != null && isOver(length)) {
                context.response()
                        .setStatusCode(413)
                        .putHeader("content-type", "application/json")
                        .putHeader("connection", "close")
                        .end(new JsonObject()
                                .put("message", "Request body is too large: the limit is " + maxBodyBytes + " bytes")
                                .put("status", 413)
                                .encode());
            } else {
                context.next();
            }
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
