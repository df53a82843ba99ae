package dev.warden.user;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.role.RoleStore;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Managing other users under {@code /users} and {@code /users/{id}}. Acting on a user also needs
 * every role that user holds ({@link AccessPolicy#requireActOnUser}); anything that can leave the
 * account without an active admin goes through {@link AdminGuard}.
 */
@Singleton
public class UserAdminService {

    private final UserStore users;
    private final RoleStore roles;
    private final Secrets secrets;
    private final AclNotifications acl;
    private final AdminGuard admins;
    private final SelfService self;
    private final AuditLog audit;

    public UserAdminService(
            UserStore users,
            RoleStore roles,
            Secrets secrets,
            AclNotifications acl,
            AdminGuard admins,
            SelfService self,
            AuditLog audit) {
        this.users = users;
        this.roles = roles;
        this.secrets = secrets;
        this.acl = acl;
        this.admins = admins;
        this.self = self;
        this.audit = audit;
    }

    public Uni<UserView> create(Account account, Caller caller, Body body) {
        Contact contact = Contact.of(body);
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
        AuditEntry entry = AuditEntry.of(
                        "user.create", AuditEntry.Party.of(caller), AuditEntry.Party.user(id, username))
                .with(Map.of("roles", List.copyOf(requested), "isActive", active));
        return secrets.all(password, questions)
                .flatMap(hashed -> acl.inTransaction(
                        account.name(),
                        tx -> roles.byNames(tx, account, List.copyOf(requested)).flatMap(found -> {
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
                            Uni<Void> chain = users.insert(tx, account, user);
                            for (RoleStore.RoleRow role : found) {
                                chain = chain.flatMap(ignored -> roles.addMember(tx, account.name(), id, role.id()));
                            }
                            return chain.call(() -> audit.append(tx, account.name(), account.tenant(), entry));
                        })))
                .flatMap(ignored -> self.get(account, id));
    }

    public Uni<Page<UserView>> search(Account account, UserStore.Search search, PageRequest page) {
        return users.search(account, search, page)
                .map(found -> new Page<>(
                        found.page(),
                        found.pageSize(),
                        found.results().stream().map(UserView::of).toList(),
                        found.totalRecords()));
    }

    public Uni<UserView> get(Account account, String id) {
        return other(account, id).map(UserView::of);
    }

    /** Another user, found in the request's tenant only (spec §13). */
    private Uni<UserRow> other(Account account, String id) {
        return users.byIdInTenant(users.pool(), account, id)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("User not found")));
    }

    /** Profile, username, verified and active; roles change through /roles. Deactivation ends sessions. */
    public Uni<UserView> update(Account account, Caller caller, String id, Body body) {
        AuditEntry.Party who = AuditEntry.Party.of(caller);
        return acl.inTransaction(account.name(), tx -> admins.lock(tx, account.name())
                        .flatMap(ignored -> users.byIdInTenant(tx, account, id))
                        .flatMap(found -> {
                            UserRow current = found.orElseThrow(UserAdminService::notFound);
                            AccessPolicy.requireActOnUser(caller, current.roleNames());
                            SelfService.rejectRoleChange(current, body);
                            Contact contact = Contact.edit(body, current);
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
                            boolean deactivating = current.active() && !active;
                            Uni<Void> guard = deactivating
                                    ? admins.keepOtherThan(tx, account, current)
                                    : Uni.createFrom().voidItem();
                            String action = deactivating
                                    ? "user.deactivate"
                                    : !current.active() && active ? "user.activate" : "user.update";
                            return guard.flatMap(ok -> users.updateProfile(tx, account.name(), id, profile))
                                    .call(ok -> deactivating
                                            ? users.endSessions(tx, account.name(), id)
                                            : Uni.createFrom().voidItem())
                                    .call(ok -> audit.append(
                                            tx,
                                            account.name(),
                                            account.tenant(),
                                            AuditEntry.of(action, who, AuditEntry.Party.user(id, username))));
                        }))
                .flatMap(ignored -> self.get(account, id));
    }

    public Uni<Void> delete(Account account, Caller caller, String id) {
        if (caller.userId().equals(id)) {
            throw ApiException.badRequest("User is not able to delete self");
        }
        AuditEntry.Party who = AuditEntry.Party.of(caller);
        return acl.inTransaction(account.name(), tx -> admins.lock(tx, account.name())
                .flatMap(ignored -> users.byIdInTenant(tx, account, id))
                .flatMap(found -> {
                    UserRow current = found.orElseThrow(UserAdminService::notFound);
                    AccessPolicy.requireActOnUser(caller, current.roleNames());
                    return admins.keepOtherThan(tx, account, current)
                            .flatMap(ok -> users.delete(tx, account.name(), id))
                            .call(ok -> audit.append(
                                    tx,
                                    account.name(),
                                    account.tenant(),
                                    AuditEntry.of("user.delete", who, AuditEntry.Party.user(id, current.username()))))
                            .replaceWithVoid();
                }));
    }

    public Uni<Void> replaceQuestions(Account account, Caller caller, String id, Body body) {
        return other(account, id).flatMap(user -> {
            AccessPolicy.requireActOnUser(caller, user.roleNames());
            return self.replaceQuestions(account, id, body);
        });
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

    private static ApiException notFound() {
        return ApiException.notFound("User not found");
    }
}
