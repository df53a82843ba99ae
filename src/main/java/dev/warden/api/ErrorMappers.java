package dev.warden.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.warden.access.AccessDeniedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into responses. No stack trace ever leaves the server. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private static final ErrorMappers MAPPERS = new ErrorMappers();

    /**
     * What the mappers below answer for {@code failure}, for a route beside RESTEasy that answers a
     * failure itself (ADR 0017); null when the connection is gone. It covers what such a route can
     * meet: the API's own errors, malformed JSON, and the unexpected.
     */
    public static Response responseFor(Throwable failure) {
        if (failure instanceof ApiException e) return MAPPERS.api(e);
        if (failure instanceof dev.warden.query.QueryException e) return MAPPERS.query(e);
        if (failure instanceof AccessDeniedException e) return MAPPERS.denied(e);
        if (failure instanceof JsonProcessingException e) return MAPPERS.malformedJson(e);
        return MAPPERS.unexpected(failure);
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorBody.response(e.status(), e.getMessage(), e.code());
    }

    @ServerExceptionMapper
    public Response query(dev.warden.query.QueryException e) {
        return ErrorBody.response(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e) {
        return ErrorBody.denied(e.getMessage());
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuthException.Body(e.error(), e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyAttempts e) {
        return Response.fromResponse(ErrorBody.response(429, e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return ErrorBody.response(400, describe(e));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorBody.response(404, "Not found");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return ErrorBody.response(405, "Method not allowed");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return ErrorBody.response(400, describe(json));
        }
        String message = status == 413 ? "Request body is too large" : reason(status, e.getMessage());
        return ErrorBody.response(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof HttpClosedException) {
            return null;
        }
        if (DatabaseUnavailable.is(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return Response.fromResponse(ErrorBody.response(503, "The database is unavailable; try again shortly"))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", errorId);
        return Response.status(500)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("An unexpected error occurred", 500, errorId))
                .build();
    }

    private static String reason(int status, String message) {
        if (message == null || message.startsWith("HTTP ")) {
            return Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "Bad request";
        }
        return message;
    }

    /** A message naming the problem without echoing the parser's internals. */
    static String describe(JsonProcessingException e) {
        if (e instanceof InvalidFormatException invalid) {
            return "Invalid value for '" + path(invalid) + "'";
        }
        if (e instanceof MismatchedInputException mismatched
                && !mismatched.getPath().isEmpty()) {
            return "Wrong type for '" + path(mismatched) + "'";
        }
        String original = e.getOriginalMessage();
        return "Malformed JSON: " + (original == null ? "unreadable body" : original);
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
