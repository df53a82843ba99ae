package dev.warden.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.Operation;
import dev.warden.api.Body;
import dev.warden.api.ClientAddress;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.api.Responses;
import dev.warden.api.Shapes;
import dev.warden.security.AccessResource;
import dev.warden.security.Public;
import dev.warden.security.RequestCaller;
import dev.warden.security.Requires;
import dev.warden.security.SignedIn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /{account}/users}: sign-up, self-service under {@code /me}, recovery and administration. */
@Path("/{account}/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final SignUpService signUp;
    private final SelfService self;
    private final RecoveryService recovery;
    private final UserAdminService users;
    private final RequestCaller request;

    public UserResource(
            SignUpService signUp,
            SelfService self,
            RecoveryService recovery,
            UserAdminService users,
            RequestCaller request) {
        this.signUp = signUp;
        this.self = self;
        this.recovery = recovery;
        this.users = users;
        this.request = request;
    }

    @GET
    @Path("/{username}/exists")
    @Public
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Boolean>> exists(@PathParam("username") String username) {
        return signUp.exists(request.account(), username).map(exists -> Map.of("exists", exists));
    }

    @POST
    @Path("/register/anonymous")
    @Public
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.user.UserView.class)))
    public Uni<Response> registerAnonymous(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.AnonymousRegistration.class)))
                    JsonNode body) {
        return signUp.registerAnonymous(request.account(), Body.of(body)).map(Responses::created);
    }

    @POST
    @Path("/register")
    @Public
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> register(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Registration.class)))
                    JsonNode body) {
        return signUp.register(request.account(), Body.of(body)).map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/verify")
    @Public
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> verify(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.HashCheck.class)))
                    JsonNode body,
            @Context HttpServerRequest http) {
        return recovery.verify(request.account(), Body.of(body), ClientAddress.of(http))
                .map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/checkhash")
    @Public
    public Uni<Map<String, Boolean>> checkHash(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.HashCheck.class)))
                    JsonNode body,
            @Context HttpServerRequest http) {
        return recovery.checkHash(request.account(), Body.of(body), ClientAddress.of(http))
                .map(valid -> Map.of("isValid", valid));
    }

    @POST
    @Path("/forgotpassword")
    @Public
    public Uni<RecoveryHash> forgotPassword(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.ForgotPassword.class)))
                    JsonNode body) {
        return recovery.forgotPassword(request.account(), Body.of(body));
    }

    @POST
    @Path("/resetpassword")
    @Public
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> resetPassword(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.PasswordReset.class)))
                    JsonNode body,
            @Context HttpServerRequest http) {
        return recovery.resetPassword(request.account(), Body.of(body), ClientAddress.of(http))
                .map(ignored -> Responses.noContent());
    }

    @GET
    @Path("/me")
    @SignedIn
    @Consumes(MediaType.WILDCARD)
    public Uni<UserView> me() {
        return self.get(request.account(), request.caller().userId());
    }

    /** Spec §9.3: what the caller may do, for every kind of caller. */
    @GET
    @Path("/me/permissions")
    @SignedIn(anyCaller = true)
    @Consumes(MediaType.WILDCARD)
    public AccessResource.MyPermissions myPermissions() {
        return AccessResource.permissionsOf(request.caller(), request.account().inDefaultTenant());
    }

    @PUT
    @Path("/me")
    @SignedIn
    public Uni<UserView> updateMe(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.UserUpdate.class)))
                    JsonNode body) {
        return self.update(request.account(), request.caller(), Body.of(body));
    }

    @POST
    @Path("/me/password")
    @SignedIn
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> changePassword(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.PasswordChange.class)))
                    JsonNode body) {
        return self.changePassword(request.account(), request.caller(), Body.of(body))
                .map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/me/questions")
    @SignedIn
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> replaceMyQuestions(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Questions.class)))
                    JsonNode body) {
        return self.replaceQuestions(request.account(), request.caller().userId(), Body.of(body))
                .map(ignored -> Responses.noContent());
    }

    @POST
    @Requires(Operation.CREATE_USER)
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.user.UserView.class)))
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.NewUser.class)))
                    JsonNode body) {
        return users.create(request.account(), request.caller(), Body.of(body)).map(Responses::created);
    }

    @GET
    @Requires(Operation.SEARCH_USERS)
    @Consumes(MediaType.WILDCARD)
    public Uni<Page<UserView>> search(@Context UriInfo uriInfo) {
        QueryParams params = QueryParams.of(uriInfo);
        UserStore.Search search = new UserStore.Search(
                params.get("name").orElse(null),
                params.get("roleId").orElse(null),
                params.bool("activeOnly", true),
                UserOrder.parse(params.get("orderBy").orElse(null)));
        return users.search(request.account(), search, PageRequest.from(params));
    }

    @GET
    @Path("/{id}")
    @Requires(Operation.READ_USER)
    @Consumes(MediaType.WILDCARD)
    public Uni<UserView> get(@PathParam("id") String id) {
        return users.get(request.account(), id);
    }

    @PUT
    @Path("/{id}")
    @Requires(Operation.UPDATE_USER)
    public Uni<UserView> update(
            @PathParam("id") String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.UserUpdate.class)))
                    JsonNode body) {
        return users.update(request.account(), request.caller(), id, Body.of(body));
    }

    @DELETE
    @Path("/{id}")
    @Requires(Operation.DELETE_USER)
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> delete(@PathParam("id") String id) {
        return users.delete(request.account(), request.caller(), id).map(ignored -> Responses.noContent());
    }

    @POST
    @Path("/{id}/questions")
    @Requires(Operation.SET_USER_QUESTIONS)
    @APIResponse(responseCode = "204", description = "No Content")
    public Uni<Response> replaceQuestions(
            @PathParam("id") String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = Shapes.Questions.class)))
                    JsonNode body) {
        return users.replaceQuestions(request.account(), request.caller(), id, Body.of(body))
                .map(ignored -> Responses.noContent());
    }
}
