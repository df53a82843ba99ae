package dev.warden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every API error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, int status, String errorId) {

    public static Response response(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, status, null))
                .build();
    }
}
