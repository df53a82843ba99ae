package dev.warden.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.warden.access.Action;
import dev.warden.access.Permission;
import java.time.Instant;
import java.util.List;

/** An API key on the wire; {@code key} only in the answer to its creation (spec §10.1). */
public record ApiKeyView(
        String id,
        String name,
        String description,
        String prefix,
        List<PermissionView> permissions,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    /** A permission as roles show it (§5), with its scope. */
    public record PermissionView(
            String permissibleName, boolean create, boolean read, boolean update, boolean delete, String scope) {

        static PermissionView of(Permission permission) {
            return new PermissionView(
                    permission.permissible().name(),
                    permission.actions().contains(Action.CREATE),
                    permission.actions().contains(Action.READ),
                    permission.actions().contains(Action.UPDATE),
                    permission.actions().contains(Action.DELETE),
                    permission.scope().word());
        }
    }

    static ApiKeyView of(ApiKeyStore.KeyRow row) {
        return new ApiKeyView(
                row.id(),
                row.name(),
                row.description(),
                row.prefix(),
                row.permissions().stream().map(PermissionView::of).toList(),
                row.createdAt(),
                row.expiresAt().orElse(null),
                row.lastUsedAt().orElse(null),
                null);
    }

    ApiKeyView withKey(String key) {
        return new ApiKeyView(id, name, description, prefix, permissions, createdAt, expiresAt, lastUsedAt, key);
    }
}
