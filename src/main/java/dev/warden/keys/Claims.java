package dev.warden.keys;

/** Names of the claims Warden adds to access tokens, shared by the issuer and the verifier. */
public final class Claims {

    /** The user's session epoch when the token was issued: a password change or deactivation moves it on. */
    public static final String SESSION_EPOCH = "sep";

    private Claims() {}
}
