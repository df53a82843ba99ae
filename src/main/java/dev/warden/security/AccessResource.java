package dev.warden.security;

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
import java.util.Locale;

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
    public static MyPermissions permissionsOf(Caller caller) {
        return new MyPermissions(
                caller.roleNames().stream().sorted().toList(),
                EffectivePermissions.of(caller).stream().map(PermissionView::of).toList());
    }

    public record Principal(String type, String id, String name) {}

    public record Matched(
            String role,
            String permissibleName,
            String scope,
            boolean create,
            boolean read,
            boolean update,
            boolean delete) {

        static Matched of(Grant grant) {
            var p = grant.permission();
            return new Matched(
                    grant.via(),
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
        if (apiKeyId != null) {
            throw ApiException.badRequest("apiKeyId: this server has no API keys yet; explain a userId");
        }
        if (userId == null || !Ids.isValid(userId)) {
            throw ApiException.badRequest("userId is required (a user's 24-character id)");
        }
        Action action = parseAction(actionWord);
        Permissible target = Permissible.parse(permissibleName == null ? "" : permissibleName)
                .filter(p -> !p.isPattern())
                .orElseThrow(() -> ApiException.badRequest(
                        "permissible must name a permissible, e.g. meshes.orders (patterns are for grants)"));
        String account = request.account().name();
        return callers.examine(account, userId).map(found -> {
            AccessCache.Examined examined = found.orElseThrow(() -> ApiException.notFound("User not found"));
            Caller caller = examined.caller();
            Principal principal = new Principal("user", caller.userId(), caller.username());
            List<String> roles = caller.roleNames().stream().sorted().toList();
            if (!examined.active()) {
                return new Explanation(
                        false,
                        action.word(),
                        target.name(),
                        principal,
                        roles,
                        List.of(),
                        caller.username() + " is inactive: every request is refused (401)");
            }
            Decision decision = AccessPolicy.decide(caller, action, target);
            return new Explanation(
                    decision.allowed(),
                    action.word(),
                    target.name(),
                    principal,
                    roles,
                    decision.matched().stream().map(Matched::of).toList(),
                    AccessPolicy.explain(caller, action, target, decision));
        });
    }

    private static Action parseAction(String word) {
        for (Action action : Action.values()) {
            if (action.word().equals(word == null ? "" : word.toLowerCase(Locale.ROOT))) return action;
        }
        throw ApiException.badRequest("action must be create, read, update or delete");
    }
}
