package dev.warden.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The few response shapes resources build. */
public final class Responses {

    private Responses() {}

    public static Response created(Object entity) {
        return Response.status(201).entity(entity).build();
    }

    public static Response noContent() {
        return Response.noContent().build();
    }

    /** JSON that is already text (documents come out of PostgreSQL that way). */
    public static Response json(int status, String json) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(json)
                .build();
    }
}
