package dev.warden.security;

import dev.warden.access.Action;
import dev.warden.access.Permissible;
import dev.warden.api.ApiException;
import java.lang.reflect.Method;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an endpoint declared it needs. An endpoint that declared nothing is {@link Undeclared}: denied. */
public sealed interface Requirement {

    record Open() implements Requirement {}

    record AnyUser() implements Requirement {}

    record Permission(Action action, String template) implements Requirement {

        private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

        /** The permissible with path parameters filled in; 400 when a parameter is not a valid name. */
        public Permissible permissible(UnaryOperator<String> pathParameter) {
            Matcher matcher = PARAMETER.matcher(template);
            StringBuilder name = new StringBuilder();
            while (matcher.find()) {
                String value = pathParameter.apply(matcher.group(1));
                matcher.appendReplacement(name, Matcher.quoteReplacement(value == null ? "" : value));
            }
            matcher.appendTail(name);
            return Permissible.parse(name.toString()).orElseThrow(() -> invalidName(template));
        }

        private static ApiException invalidName(String template) {
            String what = template.startsWith("projections") ? "Projection" : "Mesh";
            return ApiException.badRequest(what + " name is invalid and must be alpha characters only");
        }
    }

    record Undeclared() implements Requirement {}

    static Requirement of(Method method) {
        int declared = 0;
        Requirement found = new Undeclared();
        if (method.isAnnotationPresent(Public.class)) {
            declared++;
            found = new Open();
        }
        if (method.isAnnotationPresent(SignedIn.class)) {
            declared++;
            found = new AnyUser();
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires != null) {
            declared++;
            found = new Permission(requires.action(), requires.permissible());
        }
        // Two declarations on one method are ambiguous: treat as undeclared, so it is denied.
        return declared == 1 ? found : new Undeclared();
    }
}
