package dev.warden.boot;

import dev.warden.access.Operation;
import dev.warden.security.Public;
import dev.warden.security.Requires;
import dev.warden.security.SignedIn;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document from the one place requirements are declared: each
 * operation's {@code @Public}, {@code @SignedIn} or {@code @Requires} says whether it needs a
 * credential (security and 401) and what permission (403, described). Path parameters such as
 * {@code {account}} are declared, paging and query parameters are added to the lists, and every
 * error response names the JSON error body.
 */
public class OpenApiCompletion implements OASFilter {

    /** Every resource class; an operation whose method is not found here fails {@code OpenApiTest}. */
    static final List<Class<?>> RESOURCES = List.of(
            dev.warden.security.AccessResource.class,
            dev.warden.apikey.ApiKeyResource.class,
            dev.warden.audit.AuditResource.class,
            dev.warden.realtime.ChangeResource.class,
            dev.warden.hook.HookResource.class,
            dev.warden.index.IndexResource.class,
            dev.warden.mesh.MeshResource.class,
            dev.warden.role.PermissibleResource.class,
            dev.warden.projection.ProjectionResource.class,
            dev.warden.role.RoleResource.class,
            dev.warden.tenant.TenantResource.class,
            dev.warden.auth.TokenResource.class,
            dev.warden.user.UserResource.class);

    /** Lists whose results are a §0 page (page and pageSize apply), and which also take filter and orderBy. */
    private static final Pattern PAGED = Pattern.compile(
            "/\\{account}/(users|roles|roles/\\{roleId}/permissions|permissibles|apikeys|hooks|audit|tenants"
                    + "|meshes/\\{mesh}|meshes/\\{mesh}/\\{id}/history|projections/\\{name})");

    private static final Pattern QUERYABLE = Pattern.compile("/\\{account}/(meshes/\\{mesh}|projections/\\{name})");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) openAPI.setComponents(OASFactory.createComponents());
        openAPI.getComponents()
                .addSecurityScheme(
                        "bearer",
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token from POST /{account}/connect/token"))
                .addSecurityScheme(
                        "apiKey",
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-Api-Key")
                                .description("An API key (spec §10.1); Authorization: ApiKey <key> works too"))
                .addSchema(
                        "Error",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.OBJECT)
                                .addProperty(
                                        "message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .required(List.of("message")))
                .addSchema(
                        "OAuthError",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.OBJECT)
                                .addProperty("error", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .addProperty(
                                        "error_description",
                                        OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .required(List.of("error")));
        if (openAPI.getPaths() == null) return;
        openAPI.getPaths().getPathItems().forEach(this::complete);
    }

    private void complete(String path, PathItem item) {
        item.getOperations().forEach((method, operation) -> {
            declarePathParameters(path, operation);
            if (method == PathItem.HttpMethod.GET && PAGED.matcher(path).matches()) {
                query(operation, "page", Schema.SchemaType.INTEGER, "page number, from 1 (default 1)");
                query(operation, "pageSize", Schema.SchemaType.INTEGER, "results per page (default 25, at most 200)");
            }
            if (QUERYABLE.matcher(path).matches() && method == PathItem.HttpMethod.GET) {
                query(operation, "filter", Schema.SchemaType.STRING, "a MongoDB query document, URL-encoded JSON");
                query(operation, "orderBy", Schema.SchemaType.STRING, "e.g. {\"name\": 1}, URL-encoded JSON");
            }
            if (QUERYABLE.matcher(path).matches() && method == PathItem.HttpMethod.DELETE) {
                query(operation, "filter", Schema.SchemaType.STRING, "which documents to delete (required)");
            }
            APIResponses responses = operation.getResponses();
            Requirement requirement = requirement(operation.getOperationId());
            if (path.contains("/connect/")) {
                error(responses, "400", "The OAuth error (invalid_grant, invalid_client, …)", "OAuthError");
            } else {
                error(responses, "400", "Invalid input: the message names the problem; nothing was changed");
            }
            if (requirement.credential()) {
                operation.setSecurity(List.of(
                        OASFactory.createSecurityRequirement().addScheme("bearer"),
                        OASFactory.createSecurityRequirement().addScheme("apiKey")));
                error(responses, "401", "No credential, or an expired, revoked or invalid one");
            } else {
                operation.setSecurity(List.<SecurityRequirement>of());
            }
            requirement
                    .operation()
                    .ifPresent(op -> error(
                            responses,
                            "403",
                            "The caller's roles do not grant " + op.describe()
                                    + (op.changesAccountWideDefinition()
                                            ? ", or the caller belongs to a tenant (this applies in every tenant:"
                                                    + " changed from the default tenant)"
                                            : "")
                                    + " (body: message and code)"));
            if (path.matches(".*\\{(id|roleId|permissionId|name|version)}.*")) {
                error(responses, "404", "No such item, or not in the caller's reach");
            }
            if (operation.getRequestBody() != null) {
                error(responses, "413", "The body is larger than WARDEN_MAX_BODY_SIZE");
                error(responses, "415", "The body is not application/json");
            }
            if (path.endsWith("/connect/token")) {
                error(responses, "429", "Locked out after repeated failures; see Retry-After");
            }
            error(responses, "503", "The database is unavailable; see Retry-After");
        });
    }

    /** What the operation's method declares. */
    record Requirement(boolean credential, Optional<Operation> operation) {}

    /** The method behind {@code ClassName_method}; unknown operations are treated as needing a credential. */
    static Requirement requirement(String operationId) {
        Optional<Method> method = method(operationId);
        if (method.isEmpty()) return new Requirement(true, Optional.empty());
        Method m = method.get();
        if (m.isAnnotationPresent(Public.class)) return new Requirement(false, Optional.empty());
        Requires requires = m.getAnnotation(Requires.class);
        if (requires != null) return new Requirement(true, Optional.of(requires.value()));
        return new Requirement(true, Optional.empty());
    }

    static Optional<Method> method(String operationId) {
        if (operationId == null || !operationId.contains("_")) return Optional.empty();
        String className = operationId.substring(0, operationId.indexOf('_'));
        String methodName = operationId.substring(operationId.indexOf('_') + 1);
        for (Class<?> resource : RESOURCES) {
            if (!resource.getSimpleName().equals(className)) continue;
            for (Method m : resource.getDeclaredMethods()) {
                boolean declared = m.isAnnotationPresent(Public.class)
                        || m.isAnnotationPresent(Requires.class)
                        || m.isAnnotationPresent(SignedIn.class);
                if (m.getName().equals(methodName) && declared) return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static void declarePathParameters(String path, org.eclipse.microprofile.openapi.models.Operation op) {
        java.util.Set<String> declared = new java.util.HashSet<>();
        if (op.getParameters() != null) {
            for (Parameter p : op.getParameters()) {
                if (p.getIn() == Parameter.In.PATH) declared.add(p.getName());
            }
        }
        List<Parameter> added = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            String name = m.group(1);
            if (declared.contains(name)) continue;
            added.add(OASFactory.createParameter()
                    .name(name)
                    .in(Parameter.In.PATH)
                    .required(true)
                    .description(name.equals("account") ? "the account (an app), e.g. demo" : null)
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        added.forEach(op::addParameter);
    }

    private static void query(
            org.eclipse.microprofile.openapi.models.Operation op, String name, Schema.SchemaType type, String text) {
        if (op.getParameters() != null
                && op.getParameters().stream().anyMatch(p -> p.getName().equals(name))) return;
        op.addParameter(OASFactory.createParameter()
                .name(name)
                .in(Parameter.In.QUERY)
                .description(text)
                .schema(OASFactory.createSchema().addType(type)));
    }

    private static void error(APIResponses responses, String status, String description) {
        error(responses, status, description, "Error");
    }

    private static void error(APIResponses responses, String status, String description, String schema) {
        Content content = OASFactory.createContent()
                .addMediaType(
                        "application/json",
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/" + schema)));
        responses.addAPIResponse(
                status, OASFactory.createAPIResponse().description(description).content(content));
    }
}
