package dev.warden.hook;

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
import jakarta.ws.rs.PUT;
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

/** {@code /{account}/hooks}: the app's backend in the loop of a decision (spec §10.3). */
@Path("/{account}/hooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HookResource {

    private final HookService hooks;
    private final RequestCaller request;

    public HookResource(HookService hooks, RequestCaller request) {
        this.hooks = hooks;
        this.request = request;
    }

    @POST
    @Requires(Operation.CREATE_HOOK)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.hook.HookView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.HookDefinition.class)))
                    JsonNode body) {
        return hooks.create(request.account(), request.caller(), Body.of(body)).map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_HOOKS)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<HookView>> search(@Context UriInfo uriInfo) {
        return hooks.search(request.account(), PageRequest.from(QueryParams.of(uriInfo)));
    }

    @GET
    @Path("/{id}")
    @Requires(Operation.READ_HOOK)
    @Consumes(MediaType.WILDCARD)
    public Uni<HookView> get(@PathParam("id") String id) {
        return hooks.get(request.account(), id);
    }

    @PUT
    @Path("/{id}")
    @Requires(Operation.UPDATE_HOOK)
    public Uni<HookView> update(
            @PathParam("id") String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.HookDefinition.class)))
                    JsonNode body) {
        return hooks.update(request.account(), request.caller(), id, Body.of(body));
    }

    @DELETE
    @Path("/{id}")
    @Requires(Operation.DELETE_HOOK)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(@PathParam("id") String id) {
        return hooks.delete(request.account(), request.caller(), id).map(ignored -> Responses.noContent());
    }
}
