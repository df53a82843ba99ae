package dev.warden.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.warden.access.AccessPolicy;
import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Decision;
import dev.warden.access.EffectivePermissions;
import dev.warden.access.Grant;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Spec §9.3: what the caller may do ({@code /users/me/permissions}) and why any user may or may not
 * do something ({@code /access/explain}), both answered by the decider the request filter uses.
 */
@Path("/{account}/access")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AccessResource {

    private final RequestCaller request;
    private final AccessCache callers;

    public AccessResource(RequestCaller request, AccessCache callers) {
        this.request = request;
        this.callers = callers;
    }

    public record PermissionView(
            String permissibleName,
            boolean create,
            boolean read,
            boolean update,
            boolean delete,
            String scope,
            List<String> via) {

        static PermissionView of(EffectivePermissions.Entry entry) {
            return new PermissionView(
                    entry.permissibleName(),
                    entry.allows(Action.CREATE),
                    entry.allows(Action.READ),
                    entry.allows(Action.UPDATE),
                    entry.allows(Action.DELETE),
                    entry.scope().word(),
                    List.copyOf(entry.via()));
        }
    }

    public record MyPermissions(List<String> roles, List<PermissionView> permissions) {}

    /** Served at {@code /users/me/permissions} by the user resource (its path), computed here. */
    public static MyPermissions permissionsOf(Caller caller, boolean inDefaultTenant) {
        return new MyPermissions(
                caller.roleNames().stream().sorted().toList(),
                EffectivePermissions.of(caller, inDefaultTenant).stream()
                        .map(PermissionView::of)
                        .toList());
    }

    public record Principal(String type, String id, String name) {}

    /** A grant that took part in the decision: through a role, or an API key's own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matched(
            String role,
            String apiKey,
            String permissibleName,
            String scope,
            boolean create,
            boolean read,
            boolean update,
            boolean delete) {

        static Matched of(Grant grant, boolean fromKey) {
            var p = grant.permission();
            return new Matched(
                    fromKey ? null : grant.via(),
                    fromKey ? grant.via() : null,
                    p.permissible().name(),
                    p.scope().word(),
                    p.actions().contains(Action.CREATE),
                    p.actions().contains(Action.READ),
                    p.actions().contains(Action.UPDATE),
                    p.actions().contains(Action.DELETE));
        }
    }

    public record Explanation(
            boolean allowed,
            String action,
            String permissible,
            Principal principal,
            List<String> roles,
            List<Matched> matched,
            String reason) {}

    @GET
    @Path("/explain")
    @Requires(Operation.EXPLAIN_ACCESS)
    public Uni<Explanation> explain(
            @QueryParam("userId") String userId,
            @QueryParam("apiKeyId") String apiKeyId,
            @QueryParam("action") String actionWord,
            @QueryParam("permissible") String permissibleName) {
        if ((userId == null) == (apiKeyId == null)) {
            throw ApiException.badRequest("Give either userId or apiKeyId (a 24-character id)");
        }
        String id = userId != null ? userId : apiKeyId;
        if (!Ids.isValid(id)) {
            throw ApiException.badRequest((userId != null ? "userId" : "apiKeyId") + " must be a 24-character id");
        }
        Action action = parseAction(actionWord);
        Permissible target = Permissible.parse(permissibleName == null ? "" : permissibleName)
                .filter(p -> !p.isPattern())
                .orElseThrow(() -> ApiException.badRequest(
                        "permissible must name a permissible, e.g. meshes.orders (patterns are for grants)"));
        String account = request.account().name();
        if (apiKeyId != null) {
            return callers.keyCallerById(account, apiKeyId).map(found -> {
                Caller key = found.orElseThrow(() -> ApiException.notFound("API key not found"));
                return explanation(key, action, target, true);
            });
        }
        String tenant = request.account().tenant();
        return callers.examine(account, userId).map(found -> {
            // Users belong to one tenant (spec §13): another tenant's is not found, as everywhere.
            AccessCache.Examined examined = found.filter(
                            e -> e.caller().tenant().equals(tenant))
                    .orElseThrow(() -> ApiException.notFound("User not found"));
            Caller caller = examined.caller();
            if (!examined.active()) {
                return new Explanation(
                        false,
                        action.word(),
                        target.name(),
                        principal(caller),
                        caller.roleNames().stream().sorted().toList(),
                        List.of(),
                        caller.username() + " is inactive: every request is refused (401)");
            }
            return explanation(caller, action, target, false);
        });
    }

    private static Explanation explanation(Caller caller, Action action, Permissible target, boolean key) {
        Decision decision = AccessPolicy.decide(caller, action, target);
        return new Explanation(
                decision.allowed(),
                action.word(),
                target.name(),
                principal(caller),
                caller.roleNames().stream().sorted().toList(),
                decision.matched().stream().map(g -> Matched.of(g, key)).toList(),
                AccessPolicy.explain(caller, action, target, decision));
    }

    private static Principal principal(Caller caller) {
        return new Principal(caller.principal().type().word(), caller.userId(), caller.username());
    }

    private static Action parseAction(String word) {
        return Action.parse(word)
                .orElseThrow(() -> ApiException.badRequest("action must be create, read, update or delete"));
    }
}
