package dev.warden.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Action;
import dev.warden.api.QueryParams;
import dev.warden.api.Responses;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /{account}/meshes/{mesh}}: documents of one mesh, guarded by {@code meshes.{mesh}}. */
@Path("/{account}/meshes/{mesh}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeshResource {

    private final MeshService meshes;
    private final RequestCaller request;

    public MeshResource(MeshService meshes, RequestCaller request) {
        this.meshes = meshes;
        this.request = request;
    }

    @POST
    @Requires(action = Action.CREATE, permissible = "meshes.{mesh}")
    public Uni<Response> create(@PathParam("mesh") String mesh, JsonNode body) {
        return meshes.create(request.account(), mesh, body).map(json -> Responses.json(201, json));
    }

    @GET
    @Requires(action = Action.READ, permissible = "meshes.{mesh}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> search(@PathParam("mesh") String mesh, @Context UriInfo uriInfo) {
        return meshes.search(request.account(), mesh, QueryParams.of(uriInfo)).map(json -> Responses.json(200, json));
    }

    @PATCH
    @Requires(action = Action.UPDATE, permissible = "meshes.{mesh}")
    public Uni<Response> updateMatching(@PathParam("mesh") String mesh, JsonNode body) {
        return meshes.updateMatching(request.account(), mesh, body).map(json -> Responses.json(200, json));
    }

    @DELETE
    @Requires(action = Action.DELETE, permissible = "meshes.{mesh}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> deleteMatching(@PathParam("mesh") String mesh, @Context UriInfo uriInfo) {
        return meshes.deleteMatching(request.account(), mesh, QueryParams.of(uriInfo))
                .map(json -> Responses.json(200, json));
    }

    @GET
    @Path("/{id}")
    @Requires(action = Action.READ, permissible = "meshes.{mesh}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> get(@PathParam("mesh") String mesh, @PathParam("id") String id) {
        return meshes.get(request.account(), mesh, id).map(document -> document.response(200));
    }

    @PUT
    @Path("/{id}")
    @Requires(action = Action.UPDATE, permissible = "meshes.{mesh}")
    public Uni<Response> replace(
            @PathParam("mesh") String mesh,
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            JsonNode body) {
        return meshes.replace(request.account(), mesh, id, body, IfMatch.parse(ifMatch))
                .map(document -> document.response(200));
    }

    @DELETE
    @Path("/{id}")
    @Requires(action = Action.DELETE, permissible = "meshes.{mesh}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> delete(
            @PathParam("mesh") String mesh, @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return meshes.delete(request.account(), mesh, id, IfMatch.parse(ifMatch))
                .map(ignored -> Responses.noContent());
    }
}
