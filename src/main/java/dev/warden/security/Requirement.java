package dev.warden.security;

import dev.warden.access.Operation;
import dev.warden.access.Permissible;
import dev.warden.access.PermissibleKind;
import dev.warden.api.ApiException;
import java.lang.reflect.Method;
import java.util.function.UnaryOperator;

/** What an endpoint declared it needs. An endpoint that declared nothing is {@link Undeclared}: denied. */
public sealed interface Requirement {

    record Open() implements Requirement {}

    /** Any signed-in caller; with {@code usersOnly}, only a user's own session (not a key or token). */
    record AnyUser(boolean usersOnly) implements Requirement {}

    record Permission(Operation operation) implements Requirement {

        /** The permissible with the path's item filled in; 400 when the item is not a valid name. */
        public Permissible permissible(UnaryOperator<String> pathParameter) {
            String item = operation.pathParameter().map(pathParameter).orElse(null);
            return operation.target(item).orElseThrow(() -> invalidName(operation.kind()));
        }

        private static ApiException invalidName(PermissibleKind kind) {
            String what = kind == PermissibleKind.PROJECTIONS ? "Projection" : "Mesh";
            return ApiException.badRequest(what + " name is invalid and must be alpha characters only");
        }
    }

    record Undeclared() implements Requirement {}

    /** What {@code type}'s method of that signature declares; undeclared when there is none. */
    public static Requirement declaredBy(Class<?> type, String method, Class<?>... parameters) {
        try {
            return of(type.getMethod(method, parameters));
        } catch (NoSuchMethodException e) {
            return new Undeclared();
        }
    }

    static Requirement of(Method method) {
        int declared = 0;
        Requirement found = new Undeclared();
        if (method.isAnnotationPresent(Public.class)) {
            declared++;
            found = new Open();
        }
        if (method.isAnnotationPresent(SignedIn.class)) {
            declared++;
            found = new AnyUser(!method.getAnnotation(SignedIn.class).anyCaller());
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires != null) {
            declared++;
            found = new Permission(requires.value());
        }
        // Two declarations on one method are ambiguous: treat as undeclared, so it is denied.
        return declared == 1 ? found : new Undeclared();
    }
}
