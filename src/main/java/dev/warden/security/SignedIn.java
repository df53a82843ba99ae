package dev.warden.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint needs a valid credential and nothing more (self-service under {@code /users/me}).
 * By default only a user's own session qualifies: an API key or a capability token has no user,
 * so it gets a 400 (spec §10.1) unless the endpoint says it serves every kind of caller.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignedIn {

    /** Whether API keys and capability tokens are served too (e.g. {@code /users/me/permissions}). */
    boolean anyCaller() default false;
}
