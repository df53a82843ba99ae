package dev.warden.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.boot.OpenApiDocs;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is valid (swagger-parser finds nothing to report) and complete: every
 * path parameter declared, security and 401/403 as the endpoint's declared requirement says,
 * success statuses as the code answers, paging and query parameters on the lists.
 */
@QuarkusTest
class OpenApiTest {

    private static OpenAPI document(List<String> problems) {
        String json = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        if (result.getMessages() != null) problems.addAll(result.getMessages());
        return result.getOpenAPI();
    }

    private static List<Map.Entry<String, Map.Entry<String, Operation>>> operations(OpenAPI api) {
        List<Map.Entry<String, Map.Entry<String, Operation>>> all = new ArrayList<>();
        // The test fixtures of EndpointRequirementsTest (undeclared on purpose) are not Warden's API.
        api.getPaths().entrySet().stream()
                .filter(e -> !e.getKey().contains("/test-fixtures/"))
                .forEach(e -> e.getValue()
                        .readOperationsMap()
                        .forEach((method, op) -> all.add(Map.entry(e.getKey(), Map.entry(method.name(), op)))));
        return all;
    }

    @Test
    void theDocumentIsValid() {
        List<String> problems = new ArrayList<>();
        OpenAPI api = document(problems);
        assertEquals(List.of(), problems);
        assertTrue(
                operations(api).size() >= 60, "operations: " + operations(api).size());
        assertNotNull(api.getComponents().getSecuritySchemes().get("bearer"));
        assertNotNull(api.getComponents().getSecuritySchemes().get("apiKey"));
    }

    @Test
    void everyOperationDeclaresItsPathParametersAndItsRequirement() {
        OpenAPI api = document(new ArrayList<>());
        Pattern parameter = Pattern.compile("\\{([A-Za-z]+)}");
        for (var entry : operations(api)) {
            String path = entry.getKey();
            Operation op = entry.getValue().getValue();
            String where = entry.getValue().getKey() + " " + path;
            Matcher m = parameter.matcher(path);
            while (m.find()) {
                String name = m.group(1);
                assertTrue(
                        op.getParameters() != null
                                && op.getParameters().stream()
                                        .anyMatch(p -> p.getName().equals(name) && "path".equals(p.getIn())),
                        where + " declares {" + name + "}");
            }
            assertTrue(OpenApiDocs.resolves(op.getOperationId()), where + ": " + op.getOperationId() + " resolves");
            boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
            assertEquals(secured, op.getResponses().containsKey("401"), where + " 401 iff secured");
            assertEquals(
                    OpenApiDocs.needsPermission(op.getOperationId()),
                    op.getResponses().containsKey("403"),
                    where);
            assertTrue(op.getResponses().containsKey("400"), where);
            op.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertNotNull(response.getContent(), where + " " + status + " has a JSON body");
                }
            });
        }
    }

    @Test
    void publicEndpointsNeedNoCredentialAndTheRestDo() {
        OpenAPI api = document(new ArrayList<>());
        Operation token = api.getPaths().get("/{account}/connect/token").getPost();
        assertTrue(token.getSecurity().isEmpty());
        assertTrue(token.getResponses().containsKey("429"));
        Operation register = api.getPaths().get("/{account}/users/register").getPost();
        assertTrue(register.getSecurity().isEmpty());
        Operation roles = api.getPaths().get("/{account}/roles").getGet();
        assertFalse(roles.getSecurity().isEmpty());
        assertTrue(roles.getResponses().get("403").getDescription().contains("read roles"));
    }

    @Test
    void successStatusesAreWhatTheCodeAnswers() {
        OpenAPI api = document(new ArrayList<>());
        assertTrue(
                api.getPaths().get("/{account}/roles").getPost().getResponses().containsKey("201"));
        assertTrue(api.getPaths()
                .get("/{account}/roles/{roleId}")
                .getDelete()
                .getResponses()
                .containsKey("204"));
        assertTrue(api.getPaths()
                .get("/{account}/meshes/{mesh}")
                .getPost()
                .getResponses()
                .containsKey("201"));
        assertTrue(api.getPaths()
                .get("/{account}/meshes/{mesh}/{id}")
                .getDelete()
                .getResponses()
                .containsKey("204"));
        assertTrue(api.getPaths()
                .get("/{account}/apikeys")
                .getPost()
                .getResponses()
                .containsKey("201"));
    }

    @Test
    void listsTakePagingAndTheMeshListTakesItsQuery() {
        OpenAPI api = document(new ArrayList<>());
        List<String> names = api.getPaths().get("/{account}/meshes/{mesh}").getGet().getParameters().stream()
                .map(Parameter::getName)
                .toList();
        assertTrue(names.containsAll(List.of("filter", "orderBy", "page", "pageSize")), names.toString());
        List<String> users = api.getPaths().get("/{account}/users").getGet().getParameters().stream()
                .map(Parameter::getName)
                .toList();
        assertTrue(users.containsAll(List.of("page", "pageSize")), users.toString());
    }

    @Test
    void bodiesAndAnswersAreTyped() {
        OpenAPI api = document(new ArrayList<>());
        for (var entry : operations(api)) {
            Operation op = entry.getValue().getValue();
            String where = entry.getValue().getKey() + " " + entry.getKey();
            if (op.getRequestBody() != null) {
                op.getRequestBody().getContent().forEach((type, media) -> {
                    String ref = media.getSchema().get$ref();
                    assertNotNull(ref, where + " body has a named shape");
                    assertFalse(ref.endsWith("/JsonNode"), where + " body is more than JsonNode");
                });
            }
            op.getResponses().forEach((status, response) -> {
                boolean emptyByDesign = status.equals("204") || entry.getKey().endsWith("/connect/revocation");
                if (status.startsWith("2") && !emptyByDesign) {
                    assertNotNull(response.getContent(), where + " " + status + " describes its body");
                }
            });
        }
    }
}
