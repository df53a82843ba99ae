package dev.warden.security;

import dev.warden.access.Permission;
import dev.warden.access.PermissionClaim;
import dev.warden.account.WardenConfig;
import dev.warden.keys.Claims;
import dev.warden.keys.SigningKeys;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks an access token's signature, issuer, expiry and audience against the stored key. A token
 * that verified once is remembered until it expires: its signature cannot become invalid, so the
 * RSA check need not run on every request. Whether its user may still act is the access cache's
 * question, asked on every request.
 */
@Singleton
public class TokenVerifier {

    static final int MAX_REMEMBERED = 50_000;

    private final SigningKeys keys;
    private final WardenConfig config;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Parser parser;

    public TokenVerifier(SigningKeys keys, WardenConfig config) {
        this.keys = keys;
        this.config = config;
    }

    private record Parser(SigningKeys.Keys keys, DefaultJWTParser parser) {}

    private record Verified(
            String subject,
            Set<String> audience,
            long expiresAtSeconds,
            int sessionEpoch,
            Optional<String> keyId,
            List<Permission> capabilities,
            String tenant) {}

    /**
     * Who a valid token speaks for: the user and the session epoch it was issued in; or, for a
     * capability token (spec §10.2), its subject, the key that minted it and its capabilities.
     */
    public record Bearer(
            String userId, int sessionEpoch, Optional<String> keyId, List<Permission> capabilities, String tenant) {

        public Bearer(String userId, int sessionEpoch) {
            this(userId, sessionEpoch, Optional.empty(), List.of(), "");
        }
    }

    /** The user the token was issued to, when the token is valid for {@code account}. */
    public Optional<Bearer> bearerFor(String token, String account) {
        Verified known = verified.get(token);
        if (known == null) {
            known = verify(token);
            if (known == null) {
                return Optional.empty();
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear(); // crude but bounded; a miss only costs one verification
            }
            verified.put(token, known);
        }
        if (known.expiresAtSeconds() <= System.currentTimeMillis() / 1000) {
            verified.remove(token);
            return Optional.empty();
        }
        return known.audience().contains(account)
                ? Optional.of(new Bearer(
                        known.subject(), known.sessionEpoch(), known.keyId(), known.capabilities(), known.tenant()))
                : Optional.empty();
    }

    private Verified verify(String token) {
        try {
            JsonWebToken jwt = parser().parse(token);
            if (jwt.getAudience() == null || jwt.getSubject() == null) {
                return null;
            }
            Object epoch = jwt.getClaim(Claims.SESSION_EPOCH);
            Optional<String> keyId =
                    Optional.ofNullable(jwt.getClaim(Claims.API_KEY)).map(TokenVerifier::text);
            List<Permission> capabilities = new ArrayList<>();
            if (keyId.isPresent()) {
                // Only a capability token's claim decides anything; a user's is informational.
                Object claimed = jwt.getClaim(Claims.PERMISSION);
                if (!(claimed instanceof java.util.Collection<?> claims)) return null;
                for (Object claim : claims) {
                    capabilities.add(PermissionClaim.parse(text(claim)).orElseThrow());
                }
            }
            return new Verified(
                    jwt.getSubject(),
                    Set.copyOf(jwt.getAudience()),
                    jwt.getExpirationTime(),
                    epoch instanceof Number n ? n.intValue() : epoch == null ? 0 : Integer.parseInt(epoch.toString()),
                    keyId,
                    List.copyOf(capabilities),
                    Optional.ofNullable(jwt.getClaim(Claims.TENANT))
                            .map(TokenVerifier::text)
                            .orElse(""));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** A claim value as text: the JWT library hands custom claims over as JSON values. */
    private static String text(Object value) {
        return value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
    }

    private DefaultJWTParser parser() {
        SigningKeys.Keys current = keys.current();
        Parser cached = parser;
        if (cached == null || cached.keys() != current) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(current.publicKey(), config.issuer());
            info.setExpGracePeriodSecs(0);
            cached = new Parser(current, new DefaultJWTParser(info));
            parser = cached;
            verified.clear();
        }
        return cached.parser();
    }
}
