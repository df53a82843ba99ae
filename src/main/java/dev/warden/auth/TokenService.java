package dev.warden.auth;

import dev.warden.access.PermissionClaim;
import dev.warden.account.Account;
import dev.warden.account.AccountDirectory;
import dev.warden.api.OAuthException;
import dev.warden.keys.PasswordHasher;
import dev.warden.security.AccessCache;
import dev.warden.user.LoginGuard;
import dev.warden.user.UserRow;
import dev.warden.user.UserRules;
import dev.warden.user.UserStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The OAuth password and refresh-token grants, and revocation. */
@Singleton
public class TokenService {

    /** The password the SDKs send for anonymous users. */
    public static final String ANONYMOUS_PASSWORD = "nopassword";

    static final Set<String> KNOWN_SCOPES = Set.of("meshy.api", "offline_access", "openid", "profile");

    private final AccountDirectory accounts;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final LoginGuard guard;
    private final AccessCache callers;

    public TokenService(
            AccountDirectory accounts,
            UserStore users,
            PasswordHasher hasher,
            TokenIssuer issuer,
            RefreshTokens refreshTokens,
            LoginGuard guard,
            AccessCache callers,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.accounts = accounts;
        this.users = users;
        this.hasher = hasher;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.guard = guard;
        this.callers = callers;
        this.logins = meters;
    }

    /** warden_logins_total{result}: password sign-ins that succeeded, failed, or met a lockout. */
    private final io.micrometer.core.instrument.MeterRegistry logins;

    private void countLogin(String result) {
        logins.counter("warden.logins", "result", result).increment();
    }

    public record TokenRequest(
            String clientId, String grantType, String username, String password, String scope, String refreshToken) {}

    public Uni<TokenResponse> grant(Account account, TokenRequest request, String address) {
        for (String field : new String[] {
            request.clientId(),
            request.grantType(),
            request.username(),
            request.password(),
            request.scope(),
            request.refreshToken()
        }) {
            if (field != null && field.indexOf('\u0000') >= 0) {
                throw OAuthException.invalidRequest("Form fields may not contain the NUL character");
            }
        }
        if (blank(request.clientId())) {
            throw OAuthException.invalidClient("client_id is required");
        }
        if (blank(request.grantType())) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        return accounts.isClient(account.name(), request.clientId()).flatMap(known -> {
            if (!known) {
                throw OAuthException.invalidClient("Unknown client");
            }
            return switch (request.grantType()) {
                case "password" -> passwordGrant(account, request, address);
                case "refresh_token" -> refreshGrant(account, request);
                default -> throw new OAuthException(
                        "unsupported_grant_type", "grant_type must be password or refresh_token");
            };
        });
    }

    public Uni<Void> revoke(Account account, String clientId, String token) {
        if (blank(clientId)) {
            throw OAuthException.invalidClient("client_id is required");
        }
        return accounts.isClient(account.name(), clientId).flatMap(known -> {
            if (!known) {
                throw OAuthException.invalidClient("Unknown client");
            }
            if (blank(token)) {
                throw OAuthException.invalidRequest("token is required");
            }
            return refreshTokens.revoke(account.name(), token);
        });
    }

    /**
     * Checks the password under the username's and the address's lockout ({@link LoginGuard}):
     * while either is locked the answer is 429, whatever the password.
     */
    private Uni<TokenResponse> passwordGrant(Account account, TokenRequest request, String address) {
        Set<String> scopes = scopes(request.scope());
        if (blank(request.username())
                || request.password() == null
                || request.password().isEmpty()) {
            throw OAuthException.invalidGrant("username and password are required");
        }
        if (!PasswordHasher.fits(request.password())) {
            throw OAuthException.invalidGrant("Invalid username or password");
        }
        String username = UserRules.normalizeUsername(request.username());
        // Lockouts are per tenant like usernames; tenant names hold no ':' so the keys cannot collide.
        String subject = account.inDefaultTenant() ? "user:" + username : "user@" + account.tenant() + ":" + username;
        List<String> keys = LoginGuard.keys(subject, address);
        return guard.check(account.name(), keys)
                .flatMap(unlocked -> users.byUsername(account, username))
                .flatMap(found -> {
                    UserRow user = found.orElse(null);
                    Uni<Boolean> passwordOk = user != null && user.anonymous()
                            ? Uni.createFrom().item(ANONYMOUS_PASSWORD.equals(request.password()))
                            : hasher.matches(request.password(), user == null ? null : user.passwordHash());
                    return passwordOk
                            .call(ok -> ok
                                    ? guard.succeeded(account.name(), subject)
                                    : guard.failed(account.name(), account.tenant(), keys))
                            .flatMap(ok -> {
                                if (!ok) {
                                    throw OAuthException.invalidGrant("Invalid username or password");
                                }
                                if (!user.active()) {
                                    throw OAuthException.invalidGrant("User is inactive");
                                }
                                // Anonymous users can never be verified; only registered users wait for it.
                                if (!user.verified() && !user.anonymous()) {
                                    throw OAuthException.invalidGrant("User is not verified");
                                }
                                return users.touch(account.name(), user.id())
                                        .flatMap(ignored -> respond(account, user, scopes));
                            });
                })
                .invoke(() -> countLogin("success"))
                .onFailure()
                .invoke(failure ->
                        countLogin(failure instanceof dev.warden.api.TooManyAttempts ? "locked" : "failure"));
    }

    private Uni<TokenResponse> refreshGrant(Account account, TokenRequest request) {
        if (blank(request.refreshToken())) {
            throw OAuthException.invalidGrant("refresh_token is required");
        }
        return refreshTokens.rotate(account.name(), request.refreshToken()).flatMap(rotation -> {
            if (rotation.successor().isEmpty()) {
                String why = rotation.presented()
                        .map(p -> switch (p.state()) {
                            case SPENT -> "Refresh token was already used; its sessions are revoked";
                            case EXPIRED -> "Refresh token has expired";
                            default -> "Refresh token has been revoked";
                        })
                        .orElse("Unknown refresh token");
                throw OAuthException.invalidGrant(why);
            }
            RefreshTokens.Stored stored = rotation.presented().orElseThrow();
            // A refresh token is its user's, in the user's tenant: under another tenant header it finds no user.
            return users.byIdInTenant(users.pool(), account, stored.userId()).flatMap(found -> {
                if (found.isEmpty() || !found.get().active()) {
                    return refreshTokens
                            .revoke(account.name(), rotation.successor().get())
                            .map(ignored -> {
                                throw OAuthException.invalidGrant("User is inactive");
                            });
                }
                return users.touch(account.name(), found.get().id())
                        .flatMap(ignored -> response(
                                account, found.get(), rotation.successor().get()));
            });
        });
    }

    private Uni<TokenResponse> respond(Account account, UserRow user, Set<String> scopes) {
        if (!scopes.contains("offline_access")) {
            return response(account, user, null);
        }
        return refreshTokens
                .issue(account.name(), user.id(), String.join(" ", scopes))
                .flatMap(refresh -> response(account, user, refresh));
    }

    /** The token carries the user's permissions as of now (the SDKs' {@code currentUser.permissions}). */
    private Uni<TokenResponse> response(Account account, UserRow user, String refreshToken) {
        return callers.examine(account.name(), user.id()).map(examined -> {
            String access = issuer.accessToken(new TokenIssuer.Subject(
                    account.name(),
                    account.tenant(),
                    user.id(),
                    user.username(),
                    user.firstName(),
                    user.lastName(),
                    user.roleNames(),
                    user.sessionEpoch(),
                    examined.map(e -> PermissionClaim.of(e.caller())).orElse(List.of())));
            return new TokenResponse(access, issuer.lifetimeSeconds(), "Bearer", refreshToken);
        });
    }

    static Set<String> scopes(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) {
            scopes.add("meshy.api");
            return scopes;
        }
        for (String s : Arrays.asList(scope.trim().split("\\s+"))) {
            if (!KNOWN_SCOPES.contains(s)) {
                throw new OAuthException("invalid_scope", "Unknown scope " + s);
            }
            scopes.add(s);
        }
        return scopes;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
