package dev.warden.mesh;

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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @Requires(Operation.CREATE_DOCUMENTS)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.api.Shapes.Document.class)))
    public Uni<Response> create(
            @PathParam("mesh") String mesh,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Document.class)))
                    JsonNode body) {
        return request.askHooks(Optional.empty(), body)
                .flatMap(asked -> meshes.create(reach(mesh), body))
                .map(json -> Responses.json(201, json));
    }

    @GET
    @Requires(Operation.SEARCH_DOCUMENTS)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Shapes.DocumentPage.class)))
    public Uni<Response> search(@PathParam("mesh") String mesh, @Context UriInfo uriInfo) {
        return meshes.search(reach(mesh), QueryParams.of(uriInfo)).map(json -> Responses.json(200, json));
    }

    @PATCH
    @Requires(Operation.UPDATE_DOCUMENTS)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Shapes.UpdateResult.class)))
    public Uni<Response> updateMatching(
            @PathParam("mesh") String mesh,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.MeshPatch.class)))
                    JsonNode body) {
        return meshes.updateMatching(reach(mesh), body).map(json -> Responses.json(200, json));
    }

    @DELETE
    @Requires(Operation.DELETE_DOCUMENTS)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Shapes.DeleteResult.class)))
    public Uni<Response> deleteMatching(@PathParam("mesh") String mesh, @Context UriInfo uriInfo) {
        return meshes.deleteMatching(reach(mesh), QueryParams.of(uriInfo)).map(json -> Responses.json(200, json));
    }

    @GET
    @Path("/{id}")
    @Requires(Operation.READ_DOCUMENT)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Shapes.Document.class)))
    public Uni<Response> get(@PathParam("mesh") String mesh, @PathParam("id") String id) {
        return meshes.get(reach(mesh), id).map(document -> document.response(200));
    }

    @PUT
    @Path("/{id}")
    @Requires(Operation.REPLACE_DOCUMENT)
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Shapes.Document.class)))
    public Uni<Response> replace(
            @PathParam("mesh") String mesh,
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Document.class)))
                    JsonNode body) {
        IfMatch condition = IfMatch.parse(ifMatch);
        return request.askHooks(Optional.of(id), body)
                .flatMap(asked -> meshes.replace(reach(mesh), id, body, condition))
                .map(document -> document.response(200));
    }

    @GET
    @Path("/{id}/owner")
    @Requires(Operation.READ_DOCUMENT_OWNER)
    @Consumes(MediaType.WILDCARD)
    public Uni<MeshService.OwnerView> owner(@PathParam("mesh") String mesh, @PathParam("id") String id) {
        return meshes.owner(reach(mesh), id);
    }

    @GET
    @Path("/{id}/history")
    @Requires(Operation.READ_DOCUMENT_HISTORY)
    @Consumes(MediaType.WILDCARD)
    public Uni<dev.warden.api.Page<HistoryStore.Version>> history(
            @PathParam("mesh") String mesh, @PathParam("id") String id, @Context UriInfo uriInfo) {
        return meshes.history(reach(mesh), id, dev.warden.api.PageRequest.from(QueryParams.of(uriInfo)));
    }

    @GET
    @Path("/{id}/history/{version}")
    @Requires(Operation.READ_DOCUMENT_HISTORY)
    @Consumes(MediaType.WILDCARD)
    public Uni<HistoryStore.Version> version(
            @PathParam("mesh") String mesh, @PathParam("id") String id, @PathParam("version") String version) {
        return meshes.version(reach(mesh), id, version);
    }

    @PUT
    @Path("/{id}/owner")
    @Requires(Operation.TRANSFER_DOCUMENT)
    public Uni<MeshService.OwnerView> transfer(
            @PathParam("mesh") String mesh,
            @PathParam("id") String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Owner.class)))
                    JsonNode body) {
        return meshes.transfer(reach(mesh), id, Body.of(body));
    }

    @DELETE
    @Path("/{id}")
    @Requires(Operation.DELETE_DOCUMENT)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(
            @PathParam("mesh") String mesh, @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return meshes.delete(reach(mesh), id, IfMatch.parse(ifMatch)).map(ignored -> Responses.noContent());
    }

    /** The mesh as far as this request reaches into it: all documents, or the caller's own. */
    private Reach reach(String mesh) {
        return Reach.of(request.account(), mesh, request.caller().principal(), request.ownDocumentsOnly());
    }
}
