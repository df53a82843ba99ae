package dev.warden.mesh;

import dev.warden.api.Responses;
import jakarta.ws.rs.core.Response;

/** A document as JSON text with its version, which goes out as the {@code ETag}. */
public record Versioned(String json, long version) {

    Response response(int status) {
        return Response.fromResponse(Responses.json(status, json))
                .header("ETag", IfMatch.etag(version))
                .build();
    }
}
