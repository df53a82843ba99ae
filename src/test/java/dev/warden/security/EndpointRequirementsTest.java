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
            Map.entry("POST /{account}/users", "create users"),
            Map.entry("GET /{account}/users", "read users"),
            Map.entry("GET /{account}/users/{id}", "read users"),
            Map.entry("PUT /{account}/users/{id}", "update users"),
            Map.entry("DELETE /{account}/users/{id}", "delete users"),
            Map.entry("POST /{account}/users/{id}/questions", "update users"),
            Map.entry("POST /{account}/roles", "create roles"),
            Map.entry("GET /{account}/roles", "read roles"),
            Map.entry("GET /{account}/roles/{roleId}", "read roles"),
            Map.entry("PUT /{account}/roles/{roleId}", "update roles"),
            Map.entry("DELETE /{account}/roles/{roleId}", "delete roles"),
            Map.entry("POST /{account}/roles/{roleId}/permissions", "update roles"),
            Map.entry("GET /{account}/roles/{roleId}/permissions", "read roles"),
            Map.entry("GET /{account}/roles/{roleId}/permissions/{permissionId}", "read roles"),
            Map.entry("PUT /{account}/roles/{roleId}/permissions/{permissionId}", "update roles"),
            Map.entry("DELETE /{account}/roles/{roleId}/permissions/{permissionId}", "update roles"),
            Map.entry("POST /{account}/roles/{roleId}/users", "update roles"),
            Map.entry("DELETE /{account}/roles/{roleId}/users", "update roles"),
            Map.entry("GET /{account}/permissibles", "read roles"),
            Map.entry("POST /{account}/meshes/{mesh}", "create meshes.{mesh}"),
            Map.entry("GET /{account}/meshes/{mesh}", "read meshes.{mesh}"),
            Map.entry("PATCH /{account}/meshes/{mesh}", "update meshes.{mesh}"),
            Map.entry("DELETE /{account}/meshes/{mesh}", "delete meshes.{mesh}"),
            Map.entry("GET /{account}/meshes/{mesh}/{id}", "read meshes.{mesh}"),
            Map.entry("PUT /{account}/meshes/{mesh}/{id}", "update meshes.{mesh}"),
            Map.entry("DELETE /{account}/meshes/{mesh}/{id}", "delete meshes.{mesh}"),
            Map.entry("GET /{account}/projections/{name}", "read projections.{name}"),
            Map.entry("POST /{account}/projections", "create projectionDefinitions"),
            Map.entry("GET /{account}/projections/{name}/definition", "read projectionDefinitions"),
            Map.entry("PUT /{account}/projections/{name}/definition", "update projectionDefinitions"),
            Map.entry("DELETE /{account}/projections/{name}/definition", "delete projectionDefinitions")));

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
