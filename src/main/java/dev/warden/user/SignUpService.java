package dev.warden.user;

import dev.warden.account.Account;
import dev.warden.account.Verification;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Public sign-up. The body can never choose roles: a user gets exactly meshy.user (or meshy.anonymous). */
@Singleton
public class SignUpService {

    private final UserStore users;
    private final Secrets secrets;

    public SignUpService(UserStore users, Secrets secrets) {
        this.users = users;
        this.secrets = secrets;
    }

    public Uni<Boolean> exists(Account account, String username) {
        if (username == null || username.isBlank()) {
            throw ApiException.badRequest("username is required");
        }
        return users.usernameExists(account, UserRules.normalizeUsername(username));
    }

    public Uni<UserView> registerAnonymous(Account account, Body body) {
        if (!account.anonymousSignup()) {
            throw ApiException.badRequest("Anonymous registration is disabled for this account");
        }
        String username = UserRules.username(body);
        UserStore.NewUser user =
                new UserStore.NewUser(Ids.next(), username, null, null, null, null, null, false, true, true, List.of());
        return users.insert(users.pool(), account, user)
                .flatMap(ignored -> users.byId(account.name(), user.id()))
                .map(found -> UserView.of(found.orElseThrow()));
    }

    public Uni<Void> register(Account account, Body body) {
        if (!account.publicSignup()) {
            throw ApiException.badRequest("Public registration is disabled for this account");
        }
        if (account.verification().isDelivered()) {
            throw ApiException.badRequest(account.verification().wire()
                    + " verification is not configured on this server: it has no way to deliver codes");
        }
        Contact contact = Contact.of(body);
        String username = UserRules.username(body);
        String password = UserRules.password(body, "newPassword");
        List<UserRules.Question> questions = UserRules.questions(body);
        if (account.verification() == Verification.QUESTION && questions.isEmpty()) {
            throw ApiException.badRequest("securityQuestions are required for this account");
        }
        return secrets.all(password, questions)
                .flatMap(hashed -> users.insert(
                        users.pool(),
                        account,
                        new UserStore.NewUser(
                                Ids.next(),
                                username,
                                hashed.password(),
                                contact.firstName(),
                                contact.lastName(),
                                contact.phoneNumber(),
                                contact.emailAddress(),
                                true,
                                true,
                                false,
                                hashed.questions())));
    }
}
