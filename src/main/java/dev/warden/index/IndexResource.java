package dev.warden.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Operation;
import dev.warden.api.Body;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /{account}/meshes/{mesh}/indexes}: a mesh's declared indexes (spec §14). */
@Path("/{account}/meshes/{mesh}/indexes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IndexResource {

    private final IndexService indexes;
    private final RequestCaller request;

    public IndexResource(IndexService indexes, RequestCaller request) {
        this.indexes = indexes;
        this.request = request;
    }

    @POST
    @Requires(Operation.CREATE_INDEX)
    @APIResponse(
            responseCode = "201",
            description = "Created, once built",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = IndexService.IndexView.class)))
    public Uni<Response> create(
            @PathParam("mesh") String mesh,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.IndexDefinition.class)))
                    JsonNode body) {
        return indexes.create(request.account(), request.caller(), mesh, Body.of(body))
                .map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_INDEXES)
    @Consumes(MediaType.WILDCARD)
    public Uni<List<IndexService.IndexView>> list(@PathParam("mesh") String mesh) {
        return indexes.list(request.account(), mesh);
    }

    @DELETE
    @Path("/{name}")
    @Requires(Operation.DROP_INDEX)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> drop(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        return indexes.drop(request.account(), request.caller(), mesh, name).map(ignored -> Responses.noContent());
    }
}
