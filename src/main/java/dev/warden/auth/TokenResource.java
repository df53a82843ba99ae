package dev.warden.auth;

import dev.warden.api.ClientAddress;
import dev.warden.api.OAuthException;
import dev.warden.api.Shapes;
import dev.warden.api.TooManyAttempts;
import dev.warden.security.Public;
import dev.warden.security.RequestCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /{account}/connect}: the OAuth endpoints the SDKs call. Form bodies, OAuth error bodies. */
@Path("/{account}/connect")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class TokenResource {

    private final TokenService tokens;
    private final RequestCaller request;

    public TokenResource(TokenService tokens, RequestCaller request) {
        this.tokens = tokens;
        this.request = request;
    }

    @POST
    @Path("/token")
    @Public
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = dev.warden.auth.TokenResponse.class)))
    public Uni<Response> token(
            @Context HttpServerRequest http,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/x-www-form-urlencoded",
                                            schema = @Schema(implementation = Shapes.TokenForm.class)))
                    String body) {
        FormBody form = FormBody.parse(body);
        return tokens.grant(
                        request.account(),
                        new TokenService.TokenRequest(
                                form.get("client_id"),
                                form.get("grant_type"),
                                form.get("username"),
                                form.get("password"),
                                form.get("scope"),
                                form.get("refresh_token")),
                        ClientAddress.of(http))
                .map(issued -> noStore(Response.ok(issued)))
                .onFailure(TooManyAttempts.class)
                .recoverWithItem(e -> lockedOut((TooManyAttempts) e));
    }

    @POST
    @Path("/revocation")
    @Public
    public Uni<Response> revoke(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/x-www-form-urlencoded",
                                            schema = @Schema(implementation = Shapes.RevocationForm.class)))
                    String body) {
        FormBody form = FormBody.parse(body);
        return tokens.revoke(request.account(), form.get("client_id"), form.get("token"))
                .map(ignored -> noStore(Response.ok()));
    }

    /** The lockout in the OAuth error shape the SDKs read, with the wait in Retry-After. */
    static Response lockedOut(TooManyAttempts e) {
        return noStore(Response.status(429)
                .type(MediaType.APPLICATION_JSON)
                .header("Retry-After", e.retryAfterSeconds())
                .entity(new OAuthException.Body("temporarily_unavailable", e.getMessage())));
    }

    /** Tokens must never be kept by a cache on the way (RFC 6749 section 5.1). */
    static Response noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
