package dev.warden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every API error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, int status, String errorId, String code) {

    /** Every 403 for a missing permission carries this code (spec §9.3). */
    public static final String INSUFFICIENT_PERMISSION = "insufficient_permission";

    public ErrorBody(String message, int status, String errorId) {
        this(message, status, errorId, null);
    }

    public static Response response(int status, String message) {
        return response(status, message, null);
    }

    public static Response response(int status, String message, String code) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, status, null, code))
                .build();
    }

    public static Response denied(String message) {
        return Response.status(403)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, 403, null, INSUFFICIENT_PERMISSION))
                .build();
    }
}
