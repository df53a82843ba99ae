package dev.warden.keys;

/** Names of the claims Warden adds to access tokens, shared by the issuer and the verifier. */
public final class Claims {

    /** The user's session epoch when the token was issued: a password change or deactivation moves it on. */
    public static final String SESSION_EPOCH = "sep";

    /** The API key that minted a capability token (spec §10.2); absent on users' own tokens. */
    public static final String API_KEY = "wak";

    /**
     * The permissions a token speaks of, as strings like {@code meshes.messages:cr:own}: a capability
     * token's capabilities, or (for the SDKs' {@code currentUser.permissions}) a user's at issue time.
     */
    public static final String PERMISSION = "permission";

    /** The tenant a token is bound to (spec §13); absent for the default tenant. */
    public static final String TENANT = "tenant";

    private Claims() {}
}
