package dev.warden.access;

import java.util.Optional;

/**
 * The closed list of what can be asked of Warden, with what each needs: an action on a kind of
 * permissible, the path parameter that names the item (none: the broad permissible), and what is
 * checked besides, once the target is known. Every guarded endpoint names exactly one operation;
 * the request filter, {@code /access/explain} and {@code /users/me/permissions} decide from this table.
 */
public enum Operation {
    CREATE_DOCUMENTS(Action.CREATE, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    SEARCH_DOCUMENTS(Action.READ, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    READ_DOCUMENT(Action.READ, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    REPLACE_DOCUMENT(Action.UPDATE, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    UPDATE_DOCUMENTS(Action.UPDATE, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    DELETE_DOCUMENT(Action.DELETE, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    DELETE_DOCUMENTS(Action.DELETE, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    READ_DOCUMENT_OWNER(Action.READ, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    TRANSFER_DOCUMENT(Action.UPDATE, PermissibleKind.MESHES, "mesh", Secondary.SCOPE_ALL),
    READ_DOCUMENT_HISTORY(Action.READ, PermissibleKind.MESHES, "mesh", Secondary.NONE),
    SUBSCRIBE_CHANGES(Action.READ, PermissibleKind.MESHES, "mesh", Secondary.NONE),

    READ_PROJECTION(Action.READ, PermissibleKind.PROJECTIONS, "name", Secondary.NONE),
    DEFINE_PROJECTION(Action.CREATE, PermissibleKind.PROJECTION_DEFINITIONS, null, Secondary.READ_PIPELINE_MESHES),
    READ_PROJECTION_DEFINITION(Action.READ, PermissibleKind.PROJECTION_DEFINITIONS, null, Secondary.NONE),
    CHANGE_PROJECTION_DEFINITION(
            Action.UPDATE, PermissibleKind.PROJECTION_DEFINITIONS, null, Secondary.READ_PIPELINE_MESHES),
    DELETE_PROJECTION_DEFINITION(Action.DELETE, PermissibleKind.PROJECTION_DEFINITIONS, null, Secondary.NONE),

    CREATE_USER(Action.CREATE, PermissibleKind.USERS, null, Secondary.ASSIGNABLE_ROLES),
    SEARCH_USERS(Action.READ, PermissibleKind.USERS, null, Secondary.NONE),
    READ_USER(Action.READ, PermissibleKind.USERS, null, Secondary.NONE),
    UPDATE_USER(Action.UPDATE, PermissibleKind.USERS, null, Secondary.TARGET_USER_ROLES),
    DELETE_USER(Action.DELETE, PermissibleKind.USERS, null, Secondary.TARGET_USER_ROLES),
    SET_USER_QUESTIONS(Action.UPDATE, PermissibleKind.USERS, null, Secondary.TARGET_USER_ROLES),

    CREATE_ROLE(Action.CREATE, PermissibleKind.ROLES, null, Secondary.NONE),
    SEARCH_ROLES(Action.READ, PermissibleKind.ROLES, null, Secondary.NONE),
    READ_ROLE(Action.READ, PermissibleKind.ROLES, null, Secondary.NONE),
    RENAME_ROLE(Action.UPDATE, PermissibleKind.ROLES, null, Secondary.NONE),
    DELETE_ROLE(Action.DELETE, PermissibleKind.ROLES, null, Secondary.NONE),
    GRANT_PERMISSION(Action.UPDATE, PermissibleKind.ROLES, null, Secondary.NONE),
    READ_PERMISSIONS(Action.READ, PermissibleKind.ROLES, null, Secondary.NONE),
    CHANGE_PERMISSION(Action.UPDATE, PermissibleKind.ROLES, null, Secondary.NONE),
    REVOKE_PERMISSION(Action.UPDATE, PermissibleKind.ROLES, null, Secondary.NONE),
    EDIT_ROLE_MEMBERS(Action.UPDATE, PermissibleKind.ROLES, null, Secondary.NONE),
    SEARCH_PERMISSIBLES(Action.READ, PermissibleKind.ROLES, null, Secondary.NONE),
    EXPLAIN_ACCESS(Action.READ, PermissibleKind.ROLES, null, Secondary.NONE),

    READ_AUDIT(Action.READ, PermissibleKind.AUDIT, null, Secondary.NONE),

    CREATE_API_KEY(Action.CREATE, PermissibleKind.API_KEYS, null, Secondary.KEY_PERMISSIONS_HELD),
    SEARCH_API_KEYS(Action.READ, PermissibleKind.API_KEYS, null, Secondary.NONE),
    READ_API_KEY(Action.READ, PermissibleKind.API_KEYS, null, Secondary.NONE),
    UPDATE_API_KEY(Action.UPDATE, PermissibleKind.API_KEYS, null, Secondary.KEY_PERMISSIONS_HELD),
    REVOKE_API_KEY(Action.DELETE, PermissibleKind.API_KEYS, null, Secondary.NONE),

    CREATE_HOOK(Action.CREATE, PermissibleKind.HOOKS, null, Secondary.ADMIN_ONLY),
    SEARCH_HOOKS(Action.READ, PermissibleKind.HOOKS, null, Secondary.NONE),
    READ_HOOK(Action.READ, PermissibleKind.HOOKS, null, Secondary.NONE),
    UPDATE_HOOK(Action.UPDATE, PermissibleKind.HOOKS, null, Secondary.ADMIN_ONLY),
    DELETE_HOOK(Action.DELETE, PermissibleKind.HOOKS, null, Secondary.ADMIN_ONLY),

    CREATE_TENANT(Action.CREATE, PermissibleKind.TENANTS, null, Secondary.NONE),
    SEARCH_TENANTS(Action.READ, PermissibleKind.TENANTS, null, Secondary.NONE),
    DELETE_TENANT(Action.DELETE, PermissibleKind.TENANTS, null, Secondary.NONE),

    CREATE_INDEX(Action.CREATE, PermissibleKind.INDEXES, null, Secondary.NONE),
    SEARCH_INDEXES(Action.READ, PermissibleKind.INDEXES, null, Secondary.NONE),
    DROP_INDEX(Action.DELETE, PermissibleKind.INDEXES, null, Secondary.NONE);

    /** What is checked besides the permission, once the request's target is known. */
    public enum Secondary {
        NONE("nothing"),
        /** Spec §9.5: the right to define views never exceeds the right to read. */
        READ_PIPELINE_MESHES("read on the pipeline's mesh and on every mesh a $lookup reads"),
        /** Spec §8: nobody acts on a more privileged user. */
        TARGET_USER_ROLES("every role the target user holds (or meshy.admin)"),
        /** Spec §5: roles handed out at creation are ones the caller holds, unless it may update roles. */
        ASSIGNABLE_ROLES("the roles it assigns, or update on roles"),
        /** Spec §9.2: an ownership transfer needs the permission with scope all. */
        SCOPE_ALL("the permission with scope all"),
        /** Spec §10.1: a key never holds more than whoever gives it (nobody gains a right through a key). */
        KEY_PERMISSIONS_HELD("every permission the key is given, held by the caller"),
        /** Spec §10.3: only admins define hooks, which call out of the server. */
        ADMIN_ONLY("meshy.admin");

        private final String description;

        Secondary(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Action action;
    private final PermissibleKind kind;
    private final String pathParameter;
    private final Secondary secondary;

    Operation(Action action, PermissibleKind kind, String pathParameter, Secondary secondary) {
        if (!kind.supports(action) || (pathParameter != null && !kind.hasSpecificForm())) {
            throw new IllegalArgumentException(name() + " asks what " + kind.broadName() + " does not have");
        }
        this.action = action;
        this.kind = kind;
        this.pathParameter = pathParameter;
        this.secondary = secondary;
    }

    public Action action() {
        return action;
    }

    public PermissibleKind kind() {
        return kind;
    }

    /** The path parameter naming the item, e.g. {@code mesh}; empty for operations on a broad permissible. */
    public Optional<String> pathParameter() {
        return Optional.ofNullable(pathParameter);
    }

    public Secondary secondary() {
        return secondary;
    }

    /** The permissible this operation is about, given the item named in the path (ignored when broad). */
    public Optional<Permissible> target(String item) {
        if (pathParameter == null) {
            return Optional.of(Permissible.broad(kind));
        }
        return item != null && Permissible.ITEM_NAME.matcher(item).matches()
                ? Optional.of(new Permissible(kind, item))
                : Optional.empty();
    }

    /**
     * Whether a decision hook is told the document the request writes (spec §10.3): it is in the
     * body, so these operations ask their hooks once the body was read, the others in the filter.
     */
    public boolean hookSeesDocument() {
        return this == CREATE_DOCUMENTS || this == REPLACE_DOCUMENT;
    }

    /**
     * Whether this operation changes a definition that applies in every tenant (spec §13: roles,
     * permissions, projections, indexes, API keys; hooks, which are asked about every tenant's
     * requests). Only callers of the whole account may: a tenant's own admins would otherwise
     * reach the other tenants through them (a key reads wherever its request names, a hook is
     * shown every tenant's documents). Memberships and users belong to one tenant and are not.
     */
    public boolean changesAccountWideDefinition() {
        return switch (this) {
            case DEFINE_PROJECTION,
                    CHANGE_PROJECTION_DEFINITION,
                    DELETE_PROJECTION_DEFINITION,
                    CREATE_ROLE,
                    RENAME_ROLE,
                    DELETE_ROLE,
                    GRANT_PERMISSION,
                    CHANGE_PERMISSION,
                    REVOKE_PERMISSION,
                    CREATE_API_KEY,
                    UPDATE_API_KEY,
                    REVOKE_API_KEY,
                    CREATE_HOOK,
                    UPDATE_HOOK,
                    DELETE_HOOK,
                    CREATE_INDEX,
                    DROP_INDEX -> true;
            case CREATE_DOCUMENTS,
                    SEARCH_DOCUMENTS,
                    READ_DOCUMENT,
                    REPLACE_DOCUMENT,
                    UPDATE_DOCUMENTS,
                    DELETE_DOCUMENT,
                    DELETE_DOCUMENTS,
                    READ_DOCUMENT_OWNER,
                    TRANSFER_DOCUMENT,
                    READ_DOCUMENT_HISTORY,
                    SUBSCRIBE_CHANGES,
                    READ_PROJECTION,
                    READ_PROJECTION_DEFINITION,
                    CREATE_USER,
                    SEARCH_USERS,
                    READ_USER,
                    UPDATE_USER,
                    DELETE_USER,
                    SET_USER_QUESTIONS,
                    SEARCH_ROLES,
                    READ_ROLE,
                    READ_PERMISSIONS,
                    EDIT_ROLE_MEMBERS,
                    SEARCH_PERMISSIBLES,
                    EXPLAIN_ACCESS,
                    READ_AUDIT,
                    SEARCH_API_KEYS,
                    READ_API_KEY,
                    SEARCH_HOOKS,
                    READ_HOOK,
                    CREATE_TENANT,
                    SEARCH_TENANTS,
                    DELETE_TENANT,
                    SEARCH_INDEXES -> false;
        };
    }

    /** Whether some operation of {@code action} on {@code kind} changes an account-wide definition. */
    public static boolean changesAccountWide(Action action, PermissibleKind kind) {
        for (Operation operation : values()) {
            if (operation.action == action && operation.kind == kind && operation.changesAccountWideDefinition()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a caller bound to one tenant can do nothing of {@code action} on {@code kind}: every
     * operation of it changes an account-wide definition, or it manages tenants, which only the
     * default tenant does. {@code /users/me/permissions} leaves these out for such callers.
     */
    public static boolean reservedToWholeAccount(Action action, PermissibleKind kind) {
        if (kind == PermissibleKind.TENANTS) {
            return true;
        }
        boolean any = false;
        for (Operation operation : values()) {
            if (operation.action == action && operation.kind == kind) {
                if (!operation.changesAccountWideDefinition()) return false;
                any = true;
            }
        }
        return any;
    }

    /** As the requirement table writes it: {@code read meshes.{mesh}}. */
    public String describe() {
        return action.word() + " " + kind.broadName() + (pathParameter == null ? "" : ".{" + pathParameter + "}");
    }
}
