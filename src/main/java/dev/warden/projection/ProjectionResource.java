package dev.warden.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Operation;
import dev.warden.api.Body;
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

/**
 * {@code /{account}/projections}: reading a projection needs read on {@code projections.{name}}
 * (not on its mesh); managing definitions needs {@code projectionDefinitions}.
 */
@Path("/{account}/projections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectionResource {

    private final ProjectionService projections;
    private final RequestCaller request;

    public ProjectionResource(ProjectionService projections, RequestCaller request) {
        this.projections = projections;
        this.request = request;
    }

    @GET
    @Path("/{name}")
    @Requires(Operation.READ_PROJECTION)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Shapes.RowPage.class)))
    public Uni<Response> read(@PathParam("name") String name, @Context UriInfo uriInfo) {
        return projections
                .read(request.account(), name, QueryParams.of(uriInfo))
                .map(json -> Responses.json(200, json));
    }

    @POST
    @Requires(Operation.DEFINE_PROJECTION)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema =
                                    @Schema(
                                            implementation =
                                                    dev.warden.projection.ProjectionService.ProjectionView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.ProjectionDefinition.class)))
                    JsonNode body) {
        return projections
                .create(request.account(), request.caller(), Body.of(body))
                .map(Responses::created);
    }

    @GET
    @Path("/{name}/definition")
    @Requires(Operation.READ_PROJECTION_DEFINITION)
    @Consumes(MediaType.WILDCARD)
    public Uni<ProjectionService.ProjectionView> definition(@PathParam("name") String name) {
        return projections.definition(request.account(), name);
    }

    @PUT
    @Path("/{name}/definition")
    @Requires(Operation.CHANGE_PROJECTION_DEFINITION)
    public Uni<ProjectionService.ProjectionView> replace(
            @PathParam("name") String name,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.ProjectionDefinition.class)))
                    JsonNode body) {
        return projections.replace(request.account(), request.caller(), name, Body.of(body));
    }

    @DELETE
    @Path("/{name}/definition")
    @Requires(Operation.DELETE_PROJECTION_DEFINITION)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(@PathParam("name") String name) {
        return projections.delete(request.account(), request.caller(), name).map(ignored -> Responses.noContent());
    }
}
