package dev.warden.user;

import dev.warden.account.Account;
import dev.warden.account.Verification;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.audit.AuditEntry;
import dev.warden.keys.SigningKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Password recovery and verification by signed hash and code. Every code check counts against the
 * hash and the client address ({@link LoginGuard}): guessing an answer is throttled like a password.
 */
@Singleton
public class RecoveryService {

    static final Duration RECOVERY_LIFETIME = Duration.ofHours(1);

    private final UserStore users;
    private final Secrets secrets;
    private final SigningKeys keys;
    private final LoginGuard guard;
    private final SelfService self;

    public RecoveryService(UserStore users, Secrets secrets, SigningKeys keys, LoginGuard guard, SelfService self) {
        this.users = users;
        this.secrets = secrets;
        this.keys = keys;
        this.guard = guard;
        this.self = self;
    }

    public Uni<RecoveryHash> forgotPassword(Account account, Body body) {
        String username = UserRules.normalizeUsername(body.requiredString("username"));
        int attempt = body.integer("attempt").orElse(1);
        if (attempt < 1) {
            throw ApiException.badRequest("attempt must be 1 or more");
        }
        return users.byUsername(account, username).map(found -> {
            UserRow user = found.orElseThrow(() -> ApiException.notFound("User not found"));
            if (user.anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot recover a password");
            }
            if (account.verification() != Verification.QUESTION) {
                throw ApiException.badRequest(
                        "Password recovery needs question verification, which this account does not use");
            }
            if (user.securityQuestions().isEmpty()) {
                throw ApiException.badRequest("User has no security questions");
            }
            String hint = user.securityQuestions()
                    .get((attempt - 1) % user.securityQuestions().size())
                    .question();
            Instant expires = Instant.now().plus(RECOVERY_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
            return RecoveryHash.sign(keys.current().hmacSecret(), account.name(), user, attempt, expires, hint);
        });
    }

    public Uni<Boolean> checkHash(Account account, Body body, String address) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        return guarded(account, presented, address, () -> users.byUsername(account, presented.username())
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(false)
                        : codeMatches(account, found.get(), presented, code)));
    }

    public Uni<Void> resetPassword(Account account, Body body, String address) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        String password = UserRules.password(body, "newPassword");
        return verifiedRecovery(account, presented, code, address).flatMap(user -> {
            AuditEntry.Party who = AuditEntry.Party.user(user.id(), user.username());
            return self.setPassword(account, user, password, AuditEntry.of("user.password.reset", who, who));
        });
    }

    public Uni<Void> verify(Account account, Body body, String address) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        return users.byUsername(account, presented.username()).flatMap(found -> {
            UserRow user = found.orElseThrow(() -> ApiException.badRequest("Verification is invalid"));
            if (user.anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot be verified");
            }
            if (user.verified()) {
                throw ApiException.badRequest("User is already verified");
            }
            return verifiedRecovery(account, presented, code, address)
                    .flatMap(ok -> users.markVerified(account.name(), user.id()));
        });
    }

    /** Refused with 429 while the hash or the address is locked; a wrong code counts against both. */
    private Uni<Boolean> guarded(
            Account account, RecoveryHash presented, String address, java.util.function.Supplier<Uni<Boolean>> check) {
        List<String> keys = LoginGuard.keys("hash:" + presented.hash(), address);
        return guard.check(account.name(), keys)
                .flatMap(ignored -> check.get())
                .call(ok -> ok ? Uni.createFrom().voidItem() : guard.failed(account.name(), account.tenant(), keys));
    }

    private Uni<Boolean> codeMatches(Account account, UserRow user, RecoveryHash presented, String code) {
        if (user.anonymous()
                || user.securityQuestions().isEmpty()
                || !presented.isValidFor(keys.current().hmacSecret(), account.name(), user)) {
            return Uni.createFrom().item(false);
        }
        String answerHash = user.securityQuestions().stream()
                .filter(q -> Objects.equals(q.question(), presented.hint()))
                .map(UserRow.StoredQuestion::answerHash)
                .findFirst()
                .orElse(null);
        return secrets.matches(UserRules.normalizeAnswer(code), answerHash);
    }

    private Uni<UserRow> verifiedRecovery(Account account, RecoveryHash presented, String code, String address) {
        return users.byUsername(account, presented.username()).flatMap(found -> {
            if (found.isEmpty()) {
                throw ApiException.badRequest("Verification is invalid or expired");
            }
            if (found.get().anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot recover a password");
            }
            return guarded(account, presented, address, () -> codeMatches(account, found.get(), presented, code))
                    .map(ok -> {
                        if (!ok) {
                            throw ApiException.badRequest("Verification is invalid or expired");
                        }
                        return found.get();
                    });
        });
    }
}
