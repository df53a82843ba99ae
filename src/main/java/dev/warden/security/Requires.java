package dev.warden.security;

import dev.warden.access.Action;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs. {@code permissible} may name path parameters in braces, e.g.
 * {@code meshes.{mesh}}; they are substituted from the request before the decision.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    Action action();

    String permissible();
}
