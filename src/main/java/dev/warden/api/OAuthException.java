package dev.warden.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A token endpoint failure: 400 (429 when locked out) with the OAuth error body. */
public class OAuthException extends RuntimeException {

    private final String error;

    public OAuthException(String error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException("invalid_client", description);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description);
    }

    public String error() {
        return error;
    }

    public record Body(String error, @JsonProperty("error_description") String errorDescription) {}
}
