package dev.warden.role;

import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.security.AclNotifications;
import dev.warden.security.RequestCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Custom roles: create, rename, delete. Every change reaches the access cache everywhere. */
@Singleton
public class RoleService {

    private static final Pattern LETTERS = Pattern.compile("^[A-Za-z]+$");

    private final RoleStore roles;
    private final AclNotifications acl;
    private final AuditLog audit;

    private final RequestCaller request;

    public RoleService(RoleStore roles, AclNotifications acl, AuditLog audit, RequestCaller request) {
        this.roles = roles;
        this.acl = acl;
        this.audit = audit;
        this.request = request;
    }

    public record RoleView(String id, String name, String description, long numberOfUsers) {
        static RoleView of(RoleStore.RoleRow row) {
            return new RoleView(row.id(), row.name(), row.description(), row.numberOfUsers());
        }
    }

    public Uni<RoleView> create(Account account, Body body) {
        String name = name(body);
        String description = description(body);
        String id = Ids.next();
        AuditEntry entry = AuditEntry.of("role.create", who(), AuditEntry.Party.role(id, name));
        return inTransaction(account, tx -> roles.insert(tx, account.name(), id, name, description)
                        .call(() -> audit.appendAccountWide(tx, account.name(), entry)))
                .flatMap(ignored -> get(account, id));
    }

    public Uni<Page<RoleView>> search(Account account, String name, PageRequest page) {
        return roles.search(account, name, page)
                .map(found -> new Page<>(
                        found.page(),
                        found.pageSize(),
                        found.results().stream().map(RoleView::of).toList(),
                        found.totalRecords()));
    }

    public Uni<RoleView> get(Account account, String id) {
        return roles.byId(account, id).map(found -> RoleView.of(found.orElseThrow(RoleService::notFound)));
    }

    public Uni<RoleView> update(Account account, String id, Body body) {
        String name = name(body);
        String description = description(body);
        AuditEntry.Party who = who();
        return inTransaction(account, tx -> roles.lock(tx, account, id).flatMap(found -> {
                    RoleStore.RoleRow role = found.orElseThrow(RoleService::notFound);
                    if (role.system()) {
                        throw ApiException.badRequest("System roles cannot be changed");
                    }
                    return roles.update(tx, account.name(), id, name, description)
                            .call(() -> audit.appendAccountWide(
                                    tx,
                                    account.name(),
                                    AuditEntry.of("role.update", who, AuditEntry.Party.role(id, name))
                                            .with(Map.of("previousName", role.name()))));
                }))
                .flatMap(ignored -> get(account, id));
    }

    public Uni<Void> delete(Account account, String id) {
        AuditEntry.Party who = who();
        return inTransaction(account, tx -> roles.lock(tx, account, id).flatMap(found -> {
            RoleStore.RoleRow role = found.orElseThrow(RoleService::notFound);
            if (role.system()) {
                throw ApiException.badRequest("System roles cannot be deleted");
            }
            return roles.delete(tx, account.name(), id)
                    .call(() -> audit.appendAccountWide(
                            tx,
                            account.name(),
                            AuditEntry.of("role.delete", who, AuditEntry.Party.role(id, role.name()))));
        }));
    }

    /**
     * Runs {@code work} in one transaction that also announces the change, then drops the
     * account from the local access cache once it committed.
     */
    <T> Uni<T> inTransaction(Account account, Function<SqlConnection, Uni<T>> work) {
        return acl.inTransaction(account.name(), work);
    }

    /** Appends a membership change in {@code tx}: memberships belong to the tenant acted in. */
    Uni<Void> audit(SqlClient tx, Account account, AuditEntry entry) {
        return audit.append(tx, account.name(), account.tenant(), entry);
    }

    /** Appends a change to roles or permissions in {@code tx}: they apply in every tenant. */
    Uni<Void> auditAccountWide(SqlClient tx, Account account, AuditEntry entry) {
        return audit.appendAccountWide(tx, account.name(), entry);
    }

    /** Who is changing roles: the signed-in caller of this request (read while the request is in scope). */
    AuditEntry.Party who() {
        return AuditEntry.Party.of(request.caller());
    }

    static ApiException notFound() {
        return ApiException.notFound("Role not found");
    }

    private static String name(Body body) {
        String name = body.requiredString("name");
        if (SystemRole.isReservedName(name)) {
            throw ApiException.badRequest("Role names starting with " + SystemRole.RESERVED_PREFIX + " are reserved");
        }
        if (!LETTERS.matcher(name).matches() || name.length() > 64) {
            throw ApiException.badRequest("Role name is invalid and must be alpha characters only (at most 64)");
        }
        return name;
    }

    private static String description(Body body) {
        String description = body.requiredString("description");
        if (description.length() > 1024) {
            throw ApiException.badRequest("description must be at most 1024 characters");
        }
        return description;
    }
}
