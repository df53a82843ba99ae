package dev.warden.security;

import static dev.warden.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.access.AccessPolicy;
import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.access.PermissibleKind;
import dev.warden.access.Permission;
import dev.warden.access.PermissionSet;
import dev.warden.access.Scope;
import dev.warden.account.Verification;
import dev.warden.support.Api;
import dev.warden.support.EndpointCatalog;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * For every guarded endpoint and every caller kind — meshy.user and meshy.anonymous with no
 * grants, and one custom role per single permission — the HTTP answer is 403 exactly when the
 * model denies. Cases are generated from the endpoint scan, not picked by hand. Requests use ids
 * that do not exist and a body no endpoint accepts, so an allowed request changes nothing.
 */
@QuarkusTest
class PermissionMatrixTest {

    static final String MISSING = "6b0000000000000000000000";
    static final String INVALID_BODY = "{\"$invalid\": true}";
    static final String MESH = "orders";

    record CallerCase(String label, String token, Caller model, String userId) {}

    @Test
    void everyGuardedEndpointAnswersAsTheModelDecides() {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        List<CallerCase> callers = new ArrayList<>();
        Api.Session plain = api.user();
        callers.add(new CallerCase("meshy.user", plain.token(), model(false, List.of()), plain.id()));
        Api.Session anonymous = api.anonymous();
        callers.add(new CallerCase("meshy.anonymous", anonymous.token(), model(true, List.of()), anonymous.id()));
        callers.add(new CallerCase(
                "meshy.admin",
                admin,
                new Caller(api.account(), "a", "admin", false, true, Set.of("meshy.admin"), PermissionSet.empty(), ""),
                as(admin).get(api.at("/users/me")).path("id")));

        for (Permissible permissible : grantable()) {
            for (Action action : Action.values()) {
                if (!permissible.supports(action)) {
                    continue;
                }
                for (Scope scope : scopes(permissible)) {
                    String roleId = api.createRole(admin, Api.uniqueLetters("matrix"));
                    api.grant(
                            admin,
                            roleId,
                            Map.of("permissibleName", permissible.name(), action.word(), true, "scope", scope.word()));
                    Api.Session member = api.user();
                    api.addMember(admin, roleId, member.id());
                    Permission grant = new Permission(permissible, EnumSet.of(action), scope);
                    callers.add(new CallerCase(
                            action.word() + " " + permissible.name() + " " + scope.word(),
                            member.token(),
                            model(false, List.of(grant)),
                            member.id()));
                }
            }
        }

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.requires() == null) {
                continue;
            }
            Operation operation = endpoint.requires().value();
            Permissible target = operation.target(MESH).orElseThrow();
            // An allowed subscription would stream for ever; a bad position is a 400 once allowed.
            String path = concrete(api, endpoint.path())
                    + (endpoint.path().endsWith("/changes") ? "?since=not-a-position" : "");
            for (CallerCase caller : callers) {
                boolean allowed =
                        AccessPolicy.decide(caller.model(), operation, target).allowed();
                int status = as(caller.token())
                        .body(INVALID_BODY)
                        .request(endpoint.method(), path)
                        .statusCode();
                checked++;
                if ((status == 403) == allowed || status == 401) {
                    mismatches.add(caller.label() + " -> " + endpoint.key() + ": " + status
                            + (allowed ? " (model allows)" : " (model denies)"));
                }
            }
        }
        assertEquals(List.of(), mismatches, "checked " + checked + " cases");
        assertEquals(List.of(), explainDisagreements(api, admin, callers));
    }

    /**
     * {@code /access/explain} answers every case of the matrix as the filter does (the filter agrees
     * with the model, above), and its reason names the caller's roles when it refuses.
     */
    private static List<String> explainDisagreements(Api api, String admin, List<CallerCase> callers) {
        List<String> wrong = new ArrayList<>();
        java.util.Set<String> asked = new java.util.HashSet<>();
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.requires() == null
                    || endpoint.requires().value().secondary() == Operation.Secondary.SCOPE_ALL) {
                continue;
            }
            Operation operation = endpoint.requires().value();
            Permissible target = operation.target(MESH).orElseThrow();
            for (CallerCase caller : callers) {
                if (!asked.add(caller.userId() + operation.action() + target)) continue;
                boolean allowed = AccessPolicy.decide(caller.model(), operation.action(), target)
                        .allowed();
                var explained = as(admin)
                        .queryParam("userId", caller.userId())
                        .queryParam("action", operation.action().word())
                        .queryParam("permissible", target.name())
                        .get(api.at("/access/explain"));
                boolean said = explained.path("allowed");
                String reason = explained.path("reason");
                if (said != allowed || (!allowed && !(reason.contains("(roles: ") && reason.contains("meshy.")))) {
                    wrong.add(caller.label() + " " + operation.action().word() + " " + target + ": "
                            + explained.asString());
                }
            }
        }
        return wrong;
    }

    /**
     * Every permissible a permission can name here: broad, exact, patterns that match the target
     * ({@code ord*}, {@code *ers}, {@code o*d*s}) and ones that do not ({@code pay*}, a mesh of another
     * name).
     */
    static List<Permissible> grantable() {
        List<Permissible> all = new ArrayList<>();
        for (PermissibleKind kind : PermissibleKind.values()) {
            all.add(Permissible.broad(kind));
        }
        all.add(Permissible.mesh(MESH));
        all.add(Permissible.mesh("payments"));
        all.add(Permissible.mesh("ord*"));
        all.add(Permissible.mesh("*ers"));
        all.add(Permissible.mesh("o*d*s"));
        all.add(Permissible.mesh("pay*"));
        all.add(Permissible.projection(MESH));
        all.add(Permissible.projection("or*"));
        all.add(Permissible.projection("x*"));
        return all;
    }

    /** Mesh grants come in both scopes; nothing else has owners. */
    static List<Scope> scopes(Permissible permissible) {
        return permissible.kind() == PermissibleKind.MESHES ? List.of(Scope.ALL, Scope.OWN) : List.of(Scope.ALL);
    }

    static Caller model(boolean anonymous, List<Permission> grants) {
        return new Caller("acct", "u", "n", anonymous, false, Set.of(), PermissionSet.of(grants), "");
    }

    static String concrete(Api api, String template) {
        return template.replace("/{account}", "/" + api.account())
                .replace("{mesh}", MESH)
                .replace("{name}", MESH)
                .replaceAll("\\{[A-Za-z]+}", MISSING);
    }
}
