package dev.warden.hook;

import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Permissible;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.security.AclNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Defining decision hooks (spec §10.3); asking them is the security layer's {@code HookGate}. */
@Singleton
public class HookService {

    static final int DEFAULT_TIMEOUT_MS = 500;
    static final int MAX_TIMEOUT_MS = 10_000;
    static final int MAX_NAME = 100;

    private final HookStore hooks;
    private final AclNotifications acl;
    private final AuditLog audit;

    public HookService(HookStore hooks, AclNotifications acl, AuditLog audit) {
        this.hooks = hooks;
        this.acl = acl;
        this.audit = audit;
    }

    public Uni<HookView> create(Account account, Caller caller, Body body) {
        HookStore.HookDraft draft = draft(body);
        String id = Ids.next();
        String secret = Ids.secret(32);
        return acl.inTransaction(account.name(), tx -> hooks.insert(tx, account.name(), id, draft, secret)
                        .call(() ->
                                audit.appendAccountWide(tx, account.name(), entry("hook.create", caller, id, draft))))
                .flatMap(ignored -> get(account, id))
                .map(view -> view.withSecret(secret));
    }

    public Uni<Page<HookView>> search(Account account, PageRequest page) {
        return hooks.search(account.name(), page)
                .map(found -> new Page<>(
                        found.page(),
                        found.pageSize(),
                        found.results().stream().map(HookView::of).toList(),
                        found.totalRecords()));
    }

    public Uni<HookView> get(Account account, String id) {
        return hooks.byId(account.name(), validId(id))
                .map(found -> found.map(HookView::of).orElseThrow(HookService::notFound));
    }

    public Uni<HookView> update(Account account, Caller caller, String id, Body body) {
        validId(id);
        HookStore.HookDraft draft = draft(body);
        return acl.inTransaction(account.name(), tx -> hooks.update(tx, account.name(), id, draft)
                        .call(updated -> {
                            if (!updated) throw notFound();
                            return audit.appendAccountWide(tx, account.name(), entry("hook.update", caller, id, draft));
                        }))
                .flatMap(ignored -> get(account, id));
    }

    public Uni<Void> delete(Account account, Caller caller, String id) {
        validId(id);
        return acl.inTransaction(
                account.name(), tx -> hooks.delete(tx, account.name(), id).flatMap(found -> {
                    HookStore.HookRow row = found.orElseThrow(HookService::notFound);
                    return audit.appendAccountWide(
                            tx,
                            account.name(),
                            AuditEntry.of(
                                    "hook.delete",
                                    AuditEntry.Party.of(caller),
                                    new AuditEntry.Party("hook", id, row.draft().name())));
                }));
    }

    static HookStore.HookDraft draft(Body body) {
        String name = body.requiredString("name").trim();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.badRequest("name must be 1 to " + MAX_NAME + " characters");
        }
        String permissibleName = body.requiredString("permissibleName");
        Permissible permissible = Permissible.parse(permissibleName)
                .orElseThrow(() -> ApiException.badRequest("Unknown permissible " + permissibleName));
        List<String> actions = new ArrayList<>();
        var raw = body.raw("actions")
                .filter(v -> v.isArray() && !v.isEmpty())
                .orElseThrow(() -> ApiException.badRequest(
                        "actions must be a non-empty array of create, read," + " update, delete"));
        for (var item : raw) {
            Action action = (item.isTextual() ? Action.parse(item.asText()) : java.util.Optional.<Action>empty())
                    .orElseThrow(() -> ApiException.badRequest("actions may hold only create, read, update, delete"));
            if (!permissible.supports(action)) {
                throw ApiException.badRequest(permissible.kind().broadName() + " has no " + action.word());
            }
            if (!actions.contains(action.word())) actions.add(action.word());
        }
        String url = body.requiredString("url");
        checkUrl(url);
        int timeoutMs = body.integer("timeoutMs").orElse(DEFAULT_TIMEOUT_MS);
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeoutMs must be 1 to " + MAX_TIMEOUT_MS);
        }
        boolean failOpen = body.bool("failOpen").orElse(false);
        return new HookStore.HookDraft(name, permissible.name(), actions, url, timeoutMs, failOpen);
    }

    /** Any absolute http(s) URL, loopback included: the app's backend often runs beside Warden. */
    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw ApiException.badRequest("url must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url must be an absolute http or https URL");
        }
    }

    private static AuditEntry entry(String action, Caller caller, String id, HookStore.HookDraft draft) {
        return AuditEntry.of(action, AuditEntry.Party.of(caller), new AuditEntry.Party("hook", id, draft.name()))
                .with(Map.of(
                        "permissibleName", draft.permissibleName(),
                        "actions", draft.actions(),
                        "url", draft.url(),
                        "failOpen", draft.failOpen()));
    }

    private static String validId(String id) {
        if (!Ids.isValid(id)) throw notFound();
        return id;
    }

    static ApiException notFound() {
        return ApiException.notFound("Hook not found");
    }
}
