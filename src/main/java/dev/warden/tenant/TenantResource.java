package dev.warden.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Operation;
import dev.warden.api.Body;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.api.Responses;
import dev.warden.api.Shapes;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /{account}/tenants}: the partitions of an account's data (spec §13). */
@Path("/{account}/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;
    private final RequestCaller request;

    public TenantResource(TenantService tenants, RequestCaller request) {
        this.tenants = tenants;
        this.request = request;
    }

    @POST
    @Requires(Operation.CREATE_TENANT)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = TenantService.TenantView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.TenantDefinition.class)))
                    JsonNode body) {
        return tenants.create(request.account(), request.caller(), Body.of(body))
                .map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_TENANTS)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<TenantService.TenantView>> search(@Context UriInfo uriInfo) {
        return tenants.search(request.account(), PageRequest.from(QueryParams.of(uriInfo)));
    }

    @DELETE
    @Path("/{name}")
    @Requires(Operation.DELETE_TENANT)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(@PathParam("name") String name) {
        return tenants.delete(request.account(), request.caller(), name).map(ignored -> Responses.noContent());
    }
}
