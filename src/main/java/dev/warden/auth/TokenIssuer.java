package dev.warden.auth;

import dev.warden.account.WardenConfig;
import dev.warden.api.Ids;
import dev.warden.keys.Claims;
import dev.warden.keys.SigningKeys;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/** Signs RS256 access tokens carrying the claims the MeshyDB SDKs read. */
@Singleton
public class TokenIssuer {

    private final SigningKeys keys;
    private final WardenConfig config;

    public TokenIssuer(SigningKeys keys, WardenConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public record Subject(
            String account,
            String tenant,
            String userId,
            String username,
            String firstName,
            String lastName,
            Collection<String> roles,
            int sessionEpoch,
            Collection<String> permissions) {}

    public String accessToken(Subject subject) {
        SigningKeys.Keys current = keys.current();
        long now = System.currentTimeMillis() / 1000;
        var claims = Jwt.issuer(config.issuer())
                .audience(subject.account())
                .subject(subject.userId())
                .claim("id", subject.username())
                .claim("role", subject.roles())
                .claim(Claims.SESSION_EPOCH, subject.sessionEpoch())
                .claim(Claims.PERMISSION, List.copyOf(subject.permissions()))
                .issuedAt(now)
                .expiresAt(now + lifetimeSeconds())
                .claim("jti", Ids.next());
        // The default tenant's tokens carry no claim, as before tenants existed (spec §13).
        if (!subject.tenant().isEmpty()) claims.claim(Claims.TENANT, subject.tenant());
        if (subject.firstName() != null) claims.claim("given_name", subject.firstName());
        if (subject.lastName() != null) claims.claim("family_name", subject.lastName());
        return claims.jws().keyId(current.keyId()).sign(current.privateKey());
    }

    /**
     * A capability token (spec §10.2): minted by an API key for a subject, carrying its
     * capabilities; what it may do is decided on every request against the key's current state.
     */
    public String capabilityToken(
            String account,
            String tenant,
            String subject,
            String keyId,
            Collection<String> capabilities,
            long lifetimeSeconds) {
        SigningKeys.Keys current = keys.current();
        long now = System.currentTimeMillis() / 1000;
        var claims = Jwt.issuer(config.issuer())
                .audience(account)
                .subject(subject)
                .claim(Claims.API_KEY, keyId)
                .claim(Claims.PERMISSION, List.copyOf(capabilities))
                .issuedAt(now)
                .expiresAt(now + lifetimeSeconds)
                .claim("jti", Ids.next());
        if (!tenant.isEmpty()) claims.claim(Claims.TENANT, tenant);
        return claims.jws().keyId(current.keyId()).sign(current.privateKey());
    }

    public long lifetimeSeconds() {
        return config.tokenLifetime().toSeconds();
    }
}
