package dev.warden.audit;

import dev.warden.access.Operation;
import dev.warden.api.ApiException;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code GET /{account}/audit}: the audit log, newest first (read on {@code audit}). Nothing edits it. */
@Path("/{account}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AuditResource {

    private final AuditLog log;
    private final RequestCaller request;

    public AuditResource(AuditLog log, RequestCaller request) {
        this.log = log;
        this.request = request;
    }

    @GET
    @Requires(Operation.READ_AUDIT)
    public Uni<Page<AuditLog.View>> search(@Context UriInfo uriInfo) {
        QueryParams params = QueryParams.of(uriInfo);
        AuditLog.Query query = new AuditLog.Query(
                params.get("action").filter(s -> !s.isBlank()),
                params.get("principalId").filter(s -> !s.isBlank()),
                params.get("target").filter(s -> !s.isBlank()),
                instant(params, "since"),
                instant(params, "until"));
        return log.search(request.account().name(), request.account().tenant(), query, PageRequest.from(params));
    }

    private static Optional<Instant> instant(QueryParams params, String name) {
        return params.get(name).filter(s -> !s.isBlank()).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-12-02T10:00:00Z");
            }
        });
    }
}
