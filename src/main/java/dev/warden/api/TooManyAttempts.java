package dev.warden.api;

/** A credential check refused because its username, address or code is locked out: 429 with Retry-After. */
public class TooManyAttempts extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyAttempts(long retryAfterSeconds) {
        super("Too many failed attempts; try again in " + retryAfterSeconds + " seconds", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
