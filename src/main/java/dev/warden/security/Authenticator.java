package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.account.TenantDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Who a credential speaks for now: an API key, or a bearer token (a user's or a capability
 * token). The request filter asks once per request; a live subscription asks again before every
 * delivery and on a timer, so a revoked role or key ends it (spec §11.1).
 */
@Singleton
public class Authenticator {

    private final TokenVerifier tokens;
    private final AccessCache callers;

    public Authenticator(TokenVerifier tokens, AccessCache callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    /** Headers that say who is calling and where; each is read by its first value. */
    private static final List<String> SINGLE_HEADERS = List.of("Authorization", "X-Api-Key", TenantDirectory.HEADER);

    /**
     * The first of those headers the request sends more than once. Which copy counts is where a
     * proxy in front and Warden could disagree, so every door refuses such a request (400).
     */
    public static Optional<String> repeatedHeader(MultiMap headers) {
        for (String name : SINGLE_HEADERS) {
            if (headers.getAll(name).size() > 1) return Optional.of(name);
        }
        return Optional.empty();
    }

    /** A credential as presented: {@code X-Api-Key} / {@code Authorization: ApiKey}, or a bearer token. */
    public record Credential(Optional<String> apiKey, Optional<String> bearer) {

        public static Credential none() {
            return new Credential(Optional.empty(), Optional.empty());
        }

        public boolean present() {
            return apiKey.isPresent() || bearer.isPresent();
        }

        /**
         * The one reading of a credential from a request: {@code X-Api-Key: <key>},
         * {@code Authorization: ApiKey <key>} or {@code Authorization: Bearer <token>} (spec §10.1).
         */
        public static Credential fromHeaders(java.util.function.UnaryOperator<String> header) {
            String key = header.apply("X-Api-Key");
            if (key != null) {
                return new Credential(Optional.of(key.trim()), Optional.empty());
            }
            String authorization = header.apply("Authorization");
            if (authorization != null
                    && authorization.length() > 7
                    && authorization.regionMatches(true, 0, "ApiKey ", 0, 7)) {
                return new Credential(Optional.of(authorization.substring(7).trim()), Optional.empty());
            }
            if (authorization != null
                    && authorization.length() >= 8
                    && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return new Credential(
                        Optional.empty(), Optional.of(authorization.substring(7).trim()));
            }
            return none();
        }
    }

    /**
     * Empty when the credential is missing, invalid, expired, revoked, its user inactive, or its
     * token bound to another tenant than {@code tenant} (spec §13). API keys are account-wide
     * definitions and act in whichever tenant the request names.
     */
    public Uni<Optional<Caller>> caller(String account, String tenant, Credential credential) {
        if (credential.apiKey().isPresent()) {
            return callers.keyCaller(account, credential.apiKey().get());
        }
        Optional<TokenVerifier.Bearer> bearer = credential.bearer().flatMap(token -> tokens.bearerFor(token, account));
        if (bearer.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Uni<Optional<Caller>> caller = callers.caller(account, bearer.get());
        if (bearer.get().tenant().equals(tenant)) {
            return caller;
        }
        boolean fromDefaultTenant = bearer.get().tenant().isEmpty();
        return caller.map(found -> found.filter(c -> fromDefaultTenant && c.admin() && c.isUserSession()));
    }
}
