package dev.warden.apikey;

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
import dev.warden.security.SignedIn;
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

/** {@code /{account}/apikeys}: server-to-server credentials and the capability tokens they mint. */
@Path("/{account}/apikeys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final RequestCaller request;

    public ApiKeyResource(ApiKeyService keys, RequestCaller request) {
        this.keys = keys;
        this.request = request;
    }

    @POST
    @Requires(Operation.CREATE_API_KEY)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.apikey.ApiKeyView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.ApiKeyDefinition.class)))
                    JsonNode body) {
        return keys.create(request.account(), request.caller(), Body.of(body)).map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_API_KEYS)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<ApiKeyView>> search(@Context UriInfo uriInfo) {
        return keys.search(request.account(), PageRequest.from(QueryParams.of(uriInfo)));
    }

    @GET
    @Path("/{id}")
    @Requires(Operation.READ_API_KEY)
    @Consumes(MediaType.WILDCARD)
    public Uni<ApiKeyView> get(@PathParam("id") String id) {
        return keys.get(request.account(), id);
    }

    @PUT
    @Path("/{id}")
    @Requires(Operation.UPDATE_API_KEY)
    public Uni<ApiKeyView> update(
            @PathParam("id") String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.ApiKeyDefinition.class)))
                    JsonNode body) {
        return keys.update(request.account(), request.caller(), id, Body.of(body));
    }

    @DELETE
    @Path("/{id}")
    @Requires(Operation.REVOKE_API_KEY)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return keys.revoke(request.account(), request.caller(), id).map(ignored -> Responses.noContent());
    }

    /** Any API key may mint, within what it holds itself; the service refuses other callers. */
    @POST
    @Path("/tokens")
    @SignedIn(anyCaller = true)
    public Uni<ApiKeyService.MintedToken> mint(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.CapabilityRequest.class)))
                    JsonNode body) {
        return keys.mint(request.account(), request.caller(), Body.of(body));
    }
}
