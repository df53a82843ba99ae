package dev.warden.tenant;

import dev.warden.access.Caller;
import dev.warden.account.Account;
import dev.warden.account.TenantDirectory;
import dev.warden.account.TenantStore;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Creating, listing and deleting tenants (spec §13). Each change announces itself like a change of
 * roles, so every instance reloads the account's tenant names before the next request.
 */
@Singleton
public class TenantService {

    private final TenantStore store;
    private final AclNotifications acl;
    private final AuditLog audit;

    public TenantService(TenantStore store, AclNotifications acl, AuditLog audit) {
        this.store = store;
        this.acl = acl;
        this.audit = audit;
    }

    public record TenantView(String name, java.time.Instant createdDate) {}

    public Uni<TenantView> create(Account account, Caller caller, Body body) {
        requireDefaultTenant(account);
        String name = body.requiredString("name");
        if (!TenantDirectory.NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be 1 to 64 letters and digits");
        }
        return acl.inTransaction(account.name(), tx -> store.insert(tx, account.name(), name)
                        .invoke(created -> {
                            if (!created) throw ApiException.badRequest("Tenant already exists");
                        })
                        .call(() -> audit.append(
                                tx, account.name(), account.tenant(), entry("tenant.create", caller, name))))
                .flatMap(ignored -> find(account, name));
    }

    public Uni<Page<TenantView>> search(Account account, PageRequest page) {
        requireDefaultTenant(account);
        Uni<java.util.List<TenantView>> rows = store.page(account.name(), page).map(found -> found.stream()
                .map(row -> new TenantView(row.name(), row.createdDate()))
                .toList());
        return Uni.combine().all().unis(rows, store.count(account.name())).with(page::page);
    }

    /** Deletes the tenant and all its users and documents, in one transaction. */
    public Uni<Void> delete(Account account, Caller caller, String name) {
        requireDefaultTenant(account);
        return acl.inTransaction(account.name(), tx -> store.delete(tx, account.name(), name)
                .invoke(deleted -> {
                    if (!deleted) throw ApiException.notFound("Tenant not found");
                })
                .call(() -> audit.append(tx, account.name(), account.tenant(), entry("tenant.delete", caller, name)))
                .replaceWithVoid());
    }

    private Uni<TenantView> find(Account account, String name) {
        return store.find(account.name(), name)
                .map(found -> found.map(row -> new TenantView(row.name(), row.createdDate()))
                        .orElseThrow(() -> ApiException.notFound("Tenant not found")));
    }

    /**
     * Tenants are managed from the default tenant only: deleting one deletes its data, and a token
     * bound to one tenant may not reach another's (spec §13), whatever permissions its roles hold.
     */
    private static void requireDefaultTenant(Account account) {
        if (!account.inDefaultTenant()) {
            throw new ApiException(403, "Tenants are managed from the default tenant");
        }
    }

    private static AuditEntry entry(String action, Caller caller, String name) {
        return AuditEntry.of(action, AuditEntry.Party.of(caller), new AuditEntry.Party("tenant", name, name));
    }
}
