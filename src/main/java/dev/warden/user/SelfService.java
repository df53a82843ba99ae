package dev.warden.user;

import dev.warden.access.Caller;
import dev.warden.account.Account;
import dev.warden.account.Verification;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a signed-in user does to its own account under {@code /users/me}. */
@Singleton
public class SelfService {

    private final UserStore users;
    private final Secrets secrets;
    private final AclNotifications acl;
    private final AuditLog audit;

    public SelfService(UserStore users, Secrets secrets, AclNotifications acl, AuditLog audit) {
        this.users = users;
        this.secrets = secrets;
        this.acl = acl;
        this.audit = audit;
    }

    public Uni<UserView> get(Account account, String id) {
        return existing(account, id).map(UserView::of);
    }

    /** Names and contact details only; roles cannot change here. */
    public Uni<UserView> update(Account account, Caller caller, Body body) {
        return existing(account, caller.userId()).flatMap(current -> {
            rejectRoleChange(current, body);
            Contact contact = Contact.edit(body, current);
            UserStore.Profile profile = new UserStore.Profile(
                    current.username(),
                    contact.firstName(),
                    contact.lastName(),
                    contact.phoneNumber(),
                    contact.emailAddress(),
                    current.verified(),
                    current.active());
            return users.updateProfile(users.pool(), account.name(), current.id(), profile)
                    .flatMap(ignored -> get(account, current.id()));
        });
    }

    public Uni<Void> changePassword(Account account, Caller caller, Body body) {
        if (caller.anonymous()) {
            throw ApiException.badRequest("Anonymous users have no password to change");
        }
        String previous = body.string("previousPassword").orElse("");
        if (previous.isEmpty()) {
            throw ApiException.badRequest("previousPassword is required");
        }
        String next = UserRules.password(body, "newPassword");
        AuditEntry.Party who = AuditEntry.Party.user(caller.userId(), caller.username());
        return existing(account, caller.userId())
                .flatMap(user -> secrets.matches(previous, user.passwordHash()).flatMap(ok -> {
                    if (!ok) {
                        throw ApiException.badRequest("previousPassword is incorrect");
                    }
                    return setPassword(account, user, next, AuditEntry.of("user.password.change", who, who));
                }));
    }

    /** A new password ends every session started before it: refresh tokens and access tokens. */
    Uni<Void> setPassword(Account account, UserRow user, String password, AuditEntry entry) {
        return secrets.password(password)
                .flatMap(hash -> acl.inTransaction(
                        account.name(), tx -> users.updatePassword(tx, account.name(), user.id(), hash)
                                .call(() -> audit.append(tx, account.name(), account.tenant(), entry))));
    }

    /** Replaces a user's security questions (its own, or another's after the admin checks). */
    public Uni<Void> replaceQuestions(Account account, String userId, Body body) {
        if (account.verification() != Verification.QUESTION) {
            throw ApiException.badRequest("Security questions are not used by this account");
        }
        List<UserRules.Question> questions = UserRules.questions(body);
        if (questions.isEmpty()) {
            throw ApiException.badRequest("securityQuestions must not be empty");
        }
        return existing(account, userId).flatMap(user -> {
            if (user.anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot have security questions");
            }
            return secrets.questions(questions)
                    .flatMap(hashed -> users.updateQuestions(account.name(), userId, hashed));
        });
    }

    Uni<UserRow> existing(Account account, String id) {
        return users.byId(account.name(), id)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("User not found")));
    }

    static void rejectRoleChange(UserRow current, Body body) {
        if (!body.has("roles") || body.raw("roles").get().isNull()) {
            return;
        }
        Set<String> sent = new LinkedHashSet<>();
        for (Body role : body.objects("roles").orElse(List.of())) {
            sent.add(role.requiredString("name"));
        }
        if (!sent.equals(new LinkedHashSet<>(current.roleNames()))) {
            throw ApiException.badRequest("Unable to change user roles via API");
        }
    }
}
