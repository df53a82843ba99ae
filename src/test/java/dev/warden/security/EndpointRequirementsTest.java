package dev.warden.security;

import static dev.warden.support.Api.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.support.Api;
import dev.warden.support.EndpointCatalog;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The one table of what every endpoint needs. A new endpoint fails this test until it declares a
 * requirement and is added here, so the table is always the whole truth.
 */
@QuarkusTest
class EndpointRequirementsTest {

    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("POST /{account}/connect/token", "public"),
            Map.entry("POST /{account}/connect/revocation", "public"),
            Map.entry("GET /{account}/users/{username}/exists", "public"),
            Map.entry("POST /{account}/users/register/anonymous", "public"),
            Map.entry("POST /{account}/users/register", "public"),
            Map.entry("POST /{account}/users/verify", "public"),
            Map.entry("POST /{account}/users/checkhash", "public"),
            Map.entry("POST /{account}/users/forgotpassword", "public"),
            Map.entry("POST /{account}/users/resetpassword", "public"),
            Map.entry("GET /{account}/users/me", "signed-in"),
            Map.entry("PUT /{account}/users/me", "signed-in"),
            Map.entry("POST /{account}/users/me/password", "signed-in"),
            Map.entry("POST /{account}/users/me/questions", "signed-in"),
            Map.entry("POST /{account}/users", "CREATE_USER"),
            Map.entry("GET /{account}/users", "SEARCH_USERS"),
            Map.entry("GET /{account}/users/{id}", "READ_USER"),
            Map.entry("PUT /{account}/users/{id}", "UPDATE_USER"),
            Map.entry("DELETE /{account}/users/{id}", "DELETE_USER"),
            Map.entry("POST /{account}/users/{id}/questions", "SET_USER_QUESTIONS"),
            Map.entry("POST /{account}/roles", "CREATE_ROLE"),
            Map.entry("GET /{account}/roles", "SEARCH_ROLES"),
            Map.entry("GET /{account}/roles/{roleId}", "READ_ROLE"),
            Map.entry("PUT /{account}/roles/{roleId}", "RENAME_ROLE"),
            Map.entry("DELETE /{account}/roles/{roleId}", "DELETE_ROLE"),
            Map.entry("POST /{account}/roles/{roleId}/permissions", "GRANT_PERMISSION"),
            Map.entry("GET /{account}/roles/{roleId}/permissions", "READ_PERMISSIONS"),
            Map.entry("GET /{account}/roles/{roleId}/permissions/{permissionId}", "READ_PERMISSIONS"),
            Map.entry("PUT /{account}/roles/{roleId}/permissions/{permissionId}", "CHANGE_PERMISSION"),
            Map.entry("DELETE /{account}/roles/{roleId}/permissions/{permissionId}", "REVOKE_PERMISSION"),
            Map.entry("POST /{account}/roles/{roleId}/users", "EDIT_ROLE_MEMBERS"),
            Map.entry("DELETE /{account}/roles/{roleId}/users", "EDIT_ROLE_MEMBERS"),
            Map.entry("GET /{account}/permissibles", "SEARCH_PERMISSIBLES"),
            Map.entry("POST /{account}/meshes/{mesh}", "CREATE_DOCUMENTS"),
            Map.entry("GET /{account}/meshes/{mesh}", "SEARCH_DOCUMENTS"),
            Map.entry("PATCH /{account}/meshes/{mesh}", "UPDATE_DOCUMENTS"),
            Map.entry("DELETE /{account}/meshes/{mesh}", "DELETE_DOCUMENTS"),
            Map.entry("GET /{account}/meshes/{mesh}/{id}", "READ_DOCUMENT"),
            Map.entry("PUT /{account}/meshes/{mesh}/{id}", "REPLACE_DOCUMENT"),
            Map.entry("DELETE /{account}/meshes/{mesh}/{id}", "DELETE_DOCUMENT"),
            Map.entry("GET /{account}/projections/{name}", "READ_PROJECTION"),
            Map.entry("POST /{account}/projections", "DEFINE_PROJECTION"),
            Map.entry("GET /{account}/projections/{name}/definition", "READ_PROJECTION_DEFINITION"),
            Map.entry("PUT /{account}/projections/{name}/definition", "CHANGE_PROJECTION_DEFINITION"),
            Map.entry("DELETE /{account}/projections/{name}/definition", "DELETE_PROJECTION_DEFINITION"),
            Map.entry("GET /{account}/meshes/{mesh}/{id}/owner", "READ_DOCUMENT_OWNER"),
            Map.entry("PUT /{account}/meshes/{mesh}/{id}/owner", "TRANSFER_DOCUMENT"),
            Map.entry("GET /{account}/meshes/{mesh}/{id}/history", "READ_DOCUMENT_HISTORY"),
            Map.entry("GET /{account}/meshes/{mesh}/changes", "SUBSCRIBE_CHANGES"),
            Map.entry("GET /{account}/meshes/{mesh}/{id}/history/{version}", "READ_DOCUMENT_HISTORY"),
            Map.entry("GET /{account}/users/me/permissions", "signed-in, any caller"),
            Map.entry("GET /{account}/access/explain", "EXPLAIN_ACCESS"),
            Map.entry("GET /{account}/audit", "READ_AUDIT"),
            Map.entry("POST /{account}/apikeys", "CREATE_API_KEY"),
            Map.entry("GET /{account}/apikeys", "SEARCH_API_KEYS"),
            Map.entry("GET /{account}/apikeys/{id}", "READ_API_KEY"),
            Map.entry("PUT /{account}/apikeys/{id}", "UPDATE_API_KEY"),
            Map.entry("DELETE /{account}/apikeys/{id}", "REVOKE_API_KEY"),
            Map.entry("POST /{account}/apikeys/tokens", "signed-in, any caller"),
            Map.entry("POST /{account}/hooks", "CREATE_HOOK"),
            Map.entry("GET /{account}/hooks", "SEARCH_HOOKS"),
            Map.entry("GET /{account}/hooks/{id}", "READ_HOOK"),
            Map.entry("PUT /{account}/hooks/{id}", "UPDATE_HOOK"),
            Map.entry("DELETE /{account}/hooks/{id}", "DELETE_HOOK"),
            Map.entry("POST /{account}/tenants", "CREATE_TENANT"),
            Map.entry("GET /{account}/tenants", "SEARCH_TENANTS"),
            Map.entry("DELETE /{account}/tenants/{name}", "DELETE_TENANT"),
            Map.entry("POST /{account}/meshes/{mesh}/indexes", "CREATE_INDEX"),
            Map.entry("GET /{account}/meshes/{mesh}/indexes", "SEARCH_INDEXES"),
            Map.entry("DELETE /{account}/meshes/{mesh}/indexes/{name}", "DROP_INDEX")));

    @Test
    void everyEndpointDeclaresExactlyWhatTheTableSays() {
        Map<String, String> actual = EndpointCatalog.mainEndpoints().stream()
                .collect(Collectors.toMap(
                        EndpointCatalog.Endpoint::key,
                        EndpointCatalog.Endpoint::requirement,
                        (a, b) -> a,
                        TreeMap::new));
        assertEquals(EXPECTED, actual);
    }

    @Test
    void everyEndpointThatIsNotPublicAnswers401WithoutAToken() {
        List<String> wrong = new ArrayList<>();
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.requirement().equals("public")) {
                continue;
            }
            String path = endpoint.path()
                    .replace("{account}", Api.ACCOUNT)
                    .replace("{mesh}", "orders")
                    .replaceAll("\\{[A-Za-z]+}", "6b0000000000000000000000");
            int status = given().contentType("application/json")
                    .body("{}")
                    .request(endpoint.method(), path)
                    .statusCode();
            if (status != 401) {
                wrong.add(endpoint.key() + " -> " + status);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theScanSeesAnUndeclaredEndpoint() {
        var fixtures = EndpointCatalog.endpointsOf(UndeclaredFixtureResource.class);
        assertEquals(2, fixtures.size());
        assertTrue(fixtures.stream().allMatch(e -> e.requirement().equals("UNDECLARED")));
    }

    @Test
    void anUndeclaredEndpointIsDeniedEvenToTheAdmin() {
        String admin = Api.adminToken();
        for (String endpoint : new String[] {"/test-fixtures/undeclared", "/test-fixtures/twice"}) {
            Api.as(admin)
                    .get(path(endpoint))
                    .then()
                    .statusCode(403)
                    .body("message", equalTo("This endpoint declares no access requirement"));
            given().get(path(endpoint)).then().statusCode(403);
        }
    }
}
