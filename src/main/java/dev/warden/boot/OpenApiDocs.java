package dev.warden.boot;

/** What {@link OpenApiCompletion} read for an operation id, for its tests. */
public final class OpenApiDocs {

    private OpenApiDocs() {}

    /** Whether the operation id names a resource method that declares its requirement. */
    public static boolean resolves(String operationId) {
        return OpenApiCompletion.method(operationId).isPresent();
    }

    /** Whether the method declares a permission ({@code @Requires}), i.e. may answer 403. */
    public static boolean needsPermission(String operationId) {
        return OpenApiCompletion.requirement(operationId).operation().isPresent();
    }
}
