package dev.warden.user;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.account.Verification;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.auth.PasswordHasher;
import dev.warden.auth.SigningKeys;
import dev.warden.role.RoleStore;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The user use cases: sign-up, self-service, recovery and administration. */
@ApplicationScoped
public class UserService {

    static final Duration RECOVERY_LIFETIME = Duration.ofHours(1);

    private final UserStore users;
    private final RoleStore roles;
    private final PasswordHasher hasher;
    private final SigningKeys keys;
    private final AclNotifications acl;

    public UserService(
            UserStore users, RoleStore roles, PasswordHasher hasher, SigningKeys keys, AclNotifications acl) {
        this.users = users;
        this.roles = roles;
        this.hasher = hasher;
        this.keys = keys;
        this.acl = acl;
    }

    public Uni<Boolean> exists(Account account, String username) {
        if (username == null || username.isBlank()) {
            throw ApiException.badRequest("username is required");
        }
        return users.usernameExists(account.name(), username.trim());
    }

    public Uni<UserView> registerAnonymous(Account account, Body body) {
        if (!account.anonymousSignup()) {
            throw ApiException.badRequest("Anonymous registration is disabled for this account");
        }
        String username = UserRules.username(body);
        UserStore.NewUser user =
                new UserStore.NewUser(Ids.next(), username, null, null, null, null, null, false, true, true, List.of());
        return users.insert(users.pool(), account.name(), user).flatMap(ignored -> get(account, user.id()));
    }

    /** Public sign-up; the body can never choose roles: the user gets exactly meshy.user. */
    public Uni<Void> register(Account account, Body body) {
        if (!account.publicSignup()) {
            throw ApiException.badRequest("Public registration is disabled for this account");
        }
        if (account.verification().isDelivered()) {
            throw ApiException.badRequest(account.verification().wire()
                    + " verification is not configured on this server: it has no way to deliver codes");
        }
        Contact contact = contact(body);
        String username = UserRules.username(body);
        String password = UserRules.password(body, "newPassword");
        List<UserRules.Question> questions = UserRules.questions(body);
        if (account.verification() == Verification.QUESTION && questions.isEmpty()) {
            throw ApiException.badRequest("securityQuestions are required for this account");
        }
        return hashAll(password, questions)
                .flatMap(hashed -> users.insert(
                        users.pool(),
                        account.name(),
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

    public Uni<UserView> get(Account account, String id) {
        return users.byId(account.name(), id)
                .map(found -> UserView.of(found.orElseThrow(() -> ApiException.notFound("User not found"))));
    }

    /** Self-service edit: names and contact details only; roles cannot change here. */
    public Uni<UserView> updateMe(Account account, Caller caller, Body body) {
        return existing(account, caller.userId()).flatMap(current -> {
            rejectRoleChange(current, body);
            Contact contact = contact(body, current);
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
        return existing(account, caller.userId())
                .flatMap(user -> hasher.matches(previous, user.passwordHash()).flatMap(ok -> {
                    if (!ok) {
                        throw ApiException.badRequest("previousPassword is incorrect");
                    }
                    return hasher.hash(next).flatMap(hash -> users.updatePassword(account.name(), user.id(), hash));
                }));
    }

    /** Replaces a user's security questions (self-service, or by someone who may update users). */
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
            return hashQuestions(questions).flatMap(hashed -> users.updateQuestions(account.name(), userId, hashed));
        });
    }

    public Uni<RecoveryHash> forgotPassword(Account account, Body body) {
        String username = body.requiredString("username");
        int attempt = body.integer("attempt").orElse(1);
        if (attempt < 1) {
            throw ApiException.badRequest("attempt must be 1 or more");
        }
        return users.byUsername(account.name(), username).map(found -> {
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

    public Uni<Boolean> checkHash(Account account, Body body) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        return users.byUsername(account.name(), presented.username())
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(false)
                        : codeMatches(account, found.get(), presented, code));
    }

    public Uni<Void> resetPassword(Account account, Body body) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        String password = UserRules.password(body, "newPassword");
        return verifiedRecovery(account, presented, code).flatMap(user -> hasher.hash(password)
                .flatMap(hash -> users.updatePassword(account.name(), user.id(), hash)));
    }

    public Uni<Void> verify(Account account, Body body) {
        RecoveryHash presented = RecoveryHash.read(body);
        String code = body.requiredString("verificationCode");
        return users.byUsername(account.name(), presented.username()).flatMap(found -> {
            UserRow user = found.orElseThrow(() -> ApiException.badRequest("Verification is invalid"));
            if (user.anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot be verified");
            }
            if (user.verified()) {
                throw ApiException.badRequest("User is already verified");
            }
            return verifiedRecovery(account, presented, code)
                    .flatMap(ok -> users.markVerified(account.name(), user.id()));
        });
    }

    public Uni<UserView> create(Account account, Caller caller, Body body) {
        Contact contact = contact(body);
        String username = UserRules.username(body);
        String password = UserRules.password(body, "newPassword");
        List<UserRules.Question> questions = UserRules.questions(body);
        boolean verified = body.bool("verified").orElse(false);
        boolean active = body.bool("isActive").orElse(false);
        Set<String> requested = requestedRoles(body);
        Decision assignment = AccessPolicy.decideRoleAssignment(caller, requested);
        if (!assignment.allowed()) {
            throw ApiException.badRequest(assignment.reason());
        }
        String id = Ids.next();
        return hashAll(password, questions)
                .flatMap(hashed -> users.pool().withTransaction(tx -> roles.byNames(
                                tx, account.name(), List.copyOf(requested))
                        .flatMap(found -> {
                            if (found.size() != requested.size()) {
                                throw ApiException.badRequest("roles names a role that does not exist");
                            }
                            UserStore.NewUser user = new UserStore.NewUser(
                                    id,
                                    username,
                                    hashed.password(),
                                    contact.firstName(),
                                    contact.lastName(),
                                    contact.phoneNumber(),
                                    contact.emailAddress(),
                                    verified,
                                    active,
                                    false,
                                    hashed.questions());
                            Uni<Void> chain = users.insert(tx, account.name(), user);
                            for (RoleStore.RoleRow role : found) {
                                chain = chain.flatMap(ignored -> roles.addMember(tx, account.name(), id, role.id()));
                            }
                            return chain.flatMap(ignored -> acl.announce(tx, account.name()));
                        })))
                .invoke(() -> acl.changed(account.name()))
                .flatMap(ignored -> get(account, id));
    }

    public Uni<Page<UserView>> search(Account account, UserStore.Search search, PageRequest page) {
        return users.search(account.name(), search, page)
                .map(found -> new Page<>(
                        found.page(),
                        found.pageSize(),
                        found.results().stream().map(UserView::of).toList(),
                        found.totalRecords()));
    }

    /** Administrative edit: profile, username, verified and active; roles change through /roles. */
    public Uni<UserView> update(Account account, String id, Body body) {
        return users.pool()
                .withTransaction(tx -> users.byId(tx, account.name(), id).flatMap(found -> {
                    UserRow current = found.orElseThrow(() -> ApiException.notFound("User not found"));
                    rejectRoleChange(current, body);
                    Contact contact = contact(body, current);
                    String username = body.has("username")
                            ? UserRules.checkedUsername(body.requiredString("username"))
                            : current.username();
                    boolean active = body.bool("isActive").orElse(current.active());
                    // Anonymous users cannot be verified, so their flag never changes.
                    boolean verified = current.anonymous()
                            ? current.verified()
                            : body.bool("verified").orElse(current.verified());
                    UserStore.Profile profile = new UserStore.Profile(
                            username,
                            contact.firstName(),
                            contact.lastName(),
                            contact.phoneNumber(),
                            contact.emailAddress(),
                            verified,
                            active);
                    Uni<Void> guard = current.active() && !active
                            ? keepAnAdmin(tx, account, current)
                            : Uni.createFrom().voidItem();
                    return guard.flatMap(ignored -> users.updateProfile(tx, account.name(), id, profile))
                            .flatMap(ignored -> acl.announce(tx, account.name()));
                }))
                .invoke(() -> acl.changed(account.name()))
                .flatMap(ignored -> get(account, id));
    }

    public Uni<Void> delete(Account account, Caller caller, String id) {
        if (caller.userId().equals(id)) {
            throw ApiException.badRequest("User is not able to delete self");
        }
        return users.pool()
                .withTransaction(tx -> users.byId(tx, account.name(), id).flatMap(found -> {
                    UserRow current = found.orElseThrow(() -> ApiException.notFound("User not found"));
                    Uni<Void> guard = current.active()
                            ? keepAnAdmin(tx, account, current)
                            : Uni.createFrom().voidItem();
                    return guard.flatMap(ignored -> users.delete(tx, account.name(), id))
                            .flatMap(ignored -> acl.announce(tx, account.name()));
                }))
                .invoke(() -> acl.changed(account.name()));
    }

    /** Refuses to take away the last active holder of meshy.admin. */
    private Uni<Void> keepAnAdmin(SqlClient tx, Account account, UserRow user) {
        if (!user.roleNames().contains(SystemRole.ADMIN.roleName())) {
            return Uni.createFrom().voidItem();
        }
        return users.otherActiveAdmins(tx, account.name(), user.id()).map(others -> {
            if (others == 0) {
                throw ApiException.badRequest("At least one active admin must remain");
            }
            return null;
        });
    }

    private Uni<UserRow> existing(Account account, String id) {
        return users.byId(account.name(), id)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("User not found")));
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
        return hasher.matches(UserRules.normalizeAnswer(code), answerHash);
    }

    private Uni<UserRow> verifiedRecovery(Account account, RecoveryHash presented, String code) {
        return users.byUsername(account.name(), presented.username()).flatMap(found -> {
            if (found.isEmpty()) {
                throw ApiException.badRequest("Verification is invalid or expired");
            }
            if (found.get().anonymous()) {
                throw ApiException.badRequest("Anonymous users cannot recover a password");
            }
            return codeMatches(account, found.get(), presented, code).map(ok -> {
                if (!ok) {
                    throw ApiException.badRequest("Verification is invalid or expired");
                }
                return found.get();
            });
        });
    }

    private static void rejectRoleChange(UserRow current, Body body) {
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

    /** Roles asked for on create, without the automatic ones. */
    private static Set<String> requestedRoles(Body body) {
        Set<String> names = new LinkedHashSet<>();
        for (Body role : body.objects("roles").orElse(List.of())) {
            String name = role.requiredString("name");
            if (name.equals(SystemRole.ANONYMOUS.roleName())) {
                throw ApiException.badRequest("meshy.anonymous is only for anonymous users");
            }
            if (!name.equals(SystemRole.USER.roleName())) {
                names.add(name);
            }
        }
        return names;
    }

    record Contact(String firstName, String lastName, String phoneNumber, String emailAddress) {}

    private static Contact contact(Body body) {
        return new Contact(
                UserRules.optionalText(body, "firstName"),
                UserRules.optionalText(body, "lastName"),
                UserRules.phone(UserRules.optionalText(body, "phoneNumber")),
                UserRules.email(UserRules.optionalText(body, "emailAddress")));
    }

    /** Contact fields for an edit: what the body leaves out keeps its stored value. */
    private static Contact contact(Body body, UserRow current) {
        Contact sent = contact(body);
        return new Contact(
                body.has("firstName") ? sent.firstName() : current.firstName(),
                body.has("lastName") ? sent.lastName() : current.lastName(),
                body.has("phoneNumber") ? sent.phoneNumber() : current.phoneNumber(),
                body.has("emailAddress") ? sent.emailAddress() : current.emailAddress());
    }

    private record Hashed(String password, List<UserRow.StoredQuestion> questions) {}

    private Uni<Hashed> hashAll(String password, List<UserRules.Question> questions) {
        return hasher.hash(password).flatMap(hash -> hashQuestions(questions).map(q -> new Hashed(hash, q)));
    }

    private Uni<List<UserRow.StoredQuestion>> hashQuestions(List<UserRules.Question> questions) {
        Uni<List<UserRow.StoredQuestion>> chain = Uni.createFrom().item(new ArrayList<>());
        for (UserRules.Question q : questions) {
            chain = chain.flatMap(
                    list -> hasher.hash(UserRules.normalizeAnswer(q.answer())).map(hash -> {
                        list.add(new UserRow.StoredQuestion(q.question(), hash));
                        return list;
                    }));
        }
        return chain;
    }
}
