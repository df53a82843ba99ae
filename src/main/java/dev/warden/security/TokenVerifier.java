package dev.warden.security;

import dev.warden.account.WardenConfig;
import dev.warden.auth.SigningKeys;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Checks an access token's signature, issuer, expiry and audience against the stored key. */
@ApplicationScoped
public class TokenVerifier {

    private final SigningKeys keys;
    private final WardenConfig config;
    private volatile Parser parser;

    public TokenVerifier(SigningKeys keys, WardenConfig config) {
        this.keys = keys;
        this.config = config;
    }

    private record Parser(SigningKeys.Keys keys, DefaultJWTParser parser) {}

    /** The user id the token was issued to, when the token is valid for {@code account}. */
    public Optional<String> userIdFor(String token, String account) {
        try {
            JsonWebToken jwt = parser().parse(token);
            if (jwt.getAudience() == null || !jwt.getAudience().contains(account)) {
                return Optional.empty();
            }
            return Optional.ofNullable(jwt.getSubject());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private DefaultJWTParser parser() {
        SigningKeys.Keys current = keys.current();
        Parser cached = parser;
        if (cached == null || cached.keys() != current) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(current.publicKey(), config.issuer());
            info.setExpGracePeriodSecs(0);
            cached = new Parser(current, new DefaultJWTParser(info));
            parser = cached;
        }
        return cached.parser();
    }
}
