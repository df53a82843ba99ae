package dev.warden.role;

import dev.warden.access.Operation;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code /{account}/permissibles}: what permissions can be about. */
@Path("/{account}/permissibles")
@Produces(MediaType.APPLICATION_JSON)
public class PermissibleResource {

    private final PermissibleService permissibles;
    private final RequestCaller request;

    public PermissibleResource(PermissibleService permissibles, RequestCaller request) {
        this.permissibles = permissibles;
        this.request = request;
    }

    @GET
    @Requires(Operation.SEARCH_PERMISSIBLES)
    public Uni<Page<PermissibleService.PermissibleView>> search(@Context UriInfo uriInfo) {
        QueryParams params = QueryParams.of(uriInfo);
        return permissibles.search(request.account(), params.get("name").orElse(null), PageRequest.from(params));
    }
}
