package dev.warden.auth;

import dev.warden.security.Public;
import dev.warden.security.RequestCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

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
    public Uni<TokenResponse> token(
            @RestForm("client_id") String clientId,
            @RestForm("grant_type") String grantType,
            @RestForm String username,
            @RestForm String password,
            @RestForm String scope,
            @RestForm("refresh_token") String refreshToken) {
        return tokens.grant(
                request.account(),
                new TokenService.TokenRequest(clientId, grantType, username, password, scope, refreshToken));
    }

    @POST
    @Path("/revocation")
    @Public
    public Uni<Response> revoke(@RestForm("client_id") String clientId, @RestForm String token) {
        return tokens.revoke(request.account(), clientId, token)
                .map(ignored -> Response.ok().build());
    }
}
