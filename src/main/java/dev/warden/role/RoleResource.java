package dev.warden.role;

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

/** {@code /{account}/roles}: roles, their permissions and their members. */
@Path("/{account}/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    private final RoleService roles;
    private final PermissionService permissions;
    private final MembershipService members;
    private final RequestCaller request;

    public RoleResource(
            RoleService roles, PermissionService permissions, MembershipService members, RequestCaller request) {
        this.roles = roles;
        this.permissions = permissions;
        this.members = members;
        this.request = request;
    }

    @POST
    @Requires(Operation.CREATE_ROLE)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.role.RoleService.RoleView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.NamedRole.class)))
                    JsonNode body) {
        return roles.create(request.account(), Body.of(body)).map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_ROLES)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<RoleService.RoleView>> search(@Context UriInfo uriInfo) {
        QueryParams params = QueryParams.of(uriInfo);
        return roles.search(request.account(), params.get("name").orElse(null), PageRequest.from(params));
    }

    @GET
    @Path("/{roleId}")
    @Requires(Operation.READ_ROLE)
    @Consumes(MediaType.WILDCARD)
    public Uni<RoleService.RoleView> get(@PathParam("roleId") String roleId) {
        return roles.get(request.account(), roleId);
    }

    @PUT
    @Path("/{roleId}")
    @Requires(Operation.RENAME_ROLE)
    public Uni<RoleService.RoleView> update(
            @PathParam("roleId") String roleId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.NamedRole.class)))
                    JsonNode body) {
        return roles.update(request.account(), roleId, Body.of(body));
    }

    @DELETE
    @Path("/{roleId}")
    @Requires(Operation.DELETE_ROLE)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(@PathParam("roleId") String roleId) {
        return roles.delete(request.account(), roleId).map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/{roleId}/permissions")
    @Requires(Operation.GRANT_PERMISSION)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.role.PermissionStore.PermissionRow.class)))
    public Uni<Response> addPermission(
            @PathParam("roleId") String roleId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.PermissionBody.class)))
                    JsonNode body) {
        return permissions.create(request.account(), roleId, Body.of(body)).map(Responses::created);
    }

    @GET
    @Path("/{roleId}/permissions")
    @Requires(Operation.READ_PERMISSIONS)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<PermissionStore.PermissionRow>> searchPermissions(
            @PathParam("roleId") String roleId, @Context UriInfo uriInfo) {
        QueryParams params = QueryParams.of(uriInfo);
        return permissions.search(
                request.account(), roleId, params.get("permissibleName").orElse(null), PageRequest.from(params));
    }

    @GET
    @Path("/{roleId}/permissions/{permissionId}")
    @Requires(Operation.READ_PERMISSIONS)
    @Consumes(MediaType.WILDCARD)
    public Uni<PermissionStore.PermissionRow> getPermission(
            @PathParam("roleId") String roleId, @PathParam("permissionId") String permissionId) {
        return permissions.get(request.account(), roleId, permissionId);
    }

    @PUT
    @Path("/{roleId}/permissions/{permissionId}")
    @Requires(Operation.CHANGE_PERMISSION)
    public Uni<PermissionStore.PermissionRow> updatePermission(
            @PathParam("roleId") String roleId,
            @PathParam("permissionId") String permissionId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.PermissionBody.class)))
                    JsonNode body) {
        return permissions.update(request.account(), roleId, permissionId, Body.of(body));
    }

    @DELETE
    @Path("/{roleId}/permissions/{permissionId}")
    @Requires(Operation.REVOKE_PERMISSION)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> deletePermission(
            @PathParam("roleId") String roleId, @PathParam("permissionId") String permissionId) {
        return permissions.delete(request.account(), roleId, permissionId).map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/{roleId}/users")
    @Requires(Operation.EDIT_ROLE_MEMBERS)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> addUsers(
            @PathParam("roleId") String roleId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.RoleUsers.class)))
                    JsonNode body) {
        return members.add(request.account(), roleId, Body.of(body)).map(ignored -> Responses.noContent());
    }

    @DELETE
    @Path("/{roleId}/users")
    @Requires(Operation.EDIT_ROLE_MEMBERS)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> removeUsers(
            @PathParam("roleId") String roleId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.RoleUsers.class)))
                    JsonNode body) {
        return members.remove(request.account(), roleId, Body.of(body)).map(ignored -> Responses.noContent());
    }
}
