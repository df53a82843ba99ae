package dev.warden.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies as the OpenAPI document shows them. Warden reads bodies through {@link Body}
 * (keys bind case-insensitively, as the C# SDK needs, and every field is validated with a message
 * naming it), so these records describe the wire, they are not bound to: each resource method
 * names its shape in {@code @RequestBody}.
 */
public final class Shapes {

    private Shapes() {}

    @Schema(description = "OAuth form: password grant (username, password) or refresh grant (refresh_token)")
    public record TokenForm(
            @Schema(required = true, description = "the account's client public key") String client_id,
            @Schema(
                            required = true,
                            enumeration = {"password", "refresh_token"})
                    String grant_type,
            String username,
            @Schema(description = "anonymous users send nopassword") String password,
            @Schema(example = "meshy.api offline_access") String scope,
            String refresh_token,
            @Schema(description = "accepted and ignored") String client_secret) {}

    public record RevocationForm(
            @Schema(required = true) String token,
            @Schema(example = "refresh_token") String token_type_hint,
            @Schema(required = true) String client_id) {}

    public record NamedRole(
            @Schema(required = true, description = "letters only, not starting with meshy.") String name,
            @Schema(required = true) String description) {}

    public record PermissionBody(
            @Schema(
                            required = true,
                            example = "meshes.orders",
                            description = "a permissible; items may be patterns (meshes.report*)")
                    String permissibleName,
            boolean create,
            boolean read,
            boolean update,
            boolean delete,
            @Schema(
                            enumeration = {"all", "own"},
                            defaultValue = "all")
                    String scope) {}

    public record UserRef(@Schema(required = true) String id) {}

    public record RoleUsers(@Schema(required = true) List<UserRef> users) {}

    public record QuestionAnswer(String question, String answer) {}

    public record Registration(
            @Schema(required = true) String username,
            @Schema(required = true) String newPassword,
            String firstName,
            String lastName,
            String phoneNumber,
            String emailAddress,
            List<QuestionAnswer> securityQuestions) {}

    public record AnonymousRegistration(
            @Schema(required = true, description = "the SDKs send a random UUID") String username) {}

    public record RoleName(@Schema(required = true) String name) {}

    public record NewUser(
            @Schema(required = true) String username,
            @Schema(required = true) String newPassword,
            String firstName,
            String lastName,
            String phoneNumber,
            String emailAddress,
            List<QuestionAnswer> securityQuestions,
            boolean verified,
            @Schema(description = "default false: the user cannot sign in until activated") boolean isActive,
            List<RoleName> roles) {}

    @Schema(description = "A user object; roles differing from the current ones are 400 (roles change through /roles)")
    public record UserUpdate(
            String username,
            String firstName,
            String lastName,
            String phoneNumber,
            String emailAddress,
            Boolean verified,
            Boolean isActive) {}

    @Schema(description = "The hash object answered by forgotpassword or register, plus the code the user received")
    public record HashCheck(
            @Schema(required = true) String username,
            int attempt,
            @Schema(required = true) String hash,
            String expires,
            String hint,
            @Schema(required = true) String verificationCode) {}

    public record PasswordReset(
            @Schema(required = true) String username,
            int attempt,
            @Schema(required = true) String hash,
            String expires,
            String hint,
            @Schema(required = true) String verificationCode,
            @Schema(required = true) String newPassword) {}

    public record ForgotPassword(@Schema(required = true) String username, Integer attempt) {}

    public record PasswordChange(
            @Schema(required = true) String previousPassword, @Schema(required = true) String newPassword) {}

    public record Questions(@Schema(required = true) List<QuestionAnswer> securityQuestions) {}

    @Schema(
            description =
                    "Any JSON object; _id (24 hex) is optional on create; property names may not start with $ or contain .")
    public record Document(@Schema(example = "6b0f3c2a9d1e4f5a6b7c8d9e") String _id) {}

    public record MeshPatch(
            @Schema(required = true, description = "a MongoDB query document, or a JSON string holding one")
                    Map<String, Object> filter,
            @Schema(required = true, description = "update operators ($set, $inc, …), or a JSON string holding them")
                    Map<String, Object> update) {}

    public record Owner(
            @Schema(required = true) String ownerId,
            @Schema(
                            required = true,
                            enumeration = {"user", "apiKey", "subject"})
                    String ownerType) {}

    public record ProjectionDefinition(
            @Schema(required = true) String name,
            @Schema(required = true) String mesh,
            String description,
            @Schema(required = true, description = "aggregation stages: $match, $project, $group, $lookup, …")
                    List<Map<String, Object>> pipeline) {}

    public record TenantDefinition(@Schema(required = true, description = "1 to 64 letters and digits") String name) {}

    public record IndexDefinition(
            @Schema(required = true, description = "letters, digits and _") String name,
            @Schema(required = true, description = "fields in order, each 1 (ascending) or -1 (descending)")
                    Map<String, Integer> keys,
            @Schema(description = "refuse a second document with the same key values") Boolean unique) {}

    public record ApiKeyDefinition(
            @Schema(required = true) String name,
            String description,
            @Schema(required = true) List<PermissionBody> permissions,
            @Schema(description = "ISO-8601 instant; absent: never expires") String expiresAt) {}

    public record CapabilityRequest(
            @Schema(required = true, description = "up to 128 characters, or user:{id}") String subject,
            @Schema(required = true) List<PermissionBody> capabilities,
            @Schema(description = "seconds, default 900, at most 86400") Integer expiresIn) {}

    public record HookDefinition(
            @Schema(required = true) String name,
            @Schema(required = true, example = "meshes.orders") String permissibleName,
            @Schema(required = true) List<String> actions,
            @Schema(required = true, description = "the app backend's URL, asked with a signed POST") String url,
            Integer timeoutMs,
            Boolean failOpen) {}

    // Answers written as stored JSON text (documents are never re-serialised), described here.

    public record DocumentPage(int page, int pageSize, List<Document> results, long totalRecords) {}

    @Schema(description = "A page of the projection's output rows (any JSON objects)")
    public record RowPage(int page, int pageSize, List<Map<String, Object>> results, long totalRecords) {}

    public record UpdateResult(
            boolean isAcknowledged,
            boolean isModifiedCountAvailable,
            long matchedCount,
            long modifiedCount,
            String upsertedId) {}

    public record DeleteResult(long deletedCount, boolean isAcknowledged) {}
}
