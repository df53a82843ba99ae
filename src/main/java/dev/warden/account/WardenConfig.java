package dev.warden.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Warden's own settings; each maps to an environment variable such as {@code WARDEN_ACCOUNT}. */
@ConfigMapping(prefix = "warden")
public interface WardenConfig {

    /** The account created on first start. */
    String account();

    /** The bootstrap client's public key (the OAuth client_id); generated when absent. */
    Optional<String> publicKey();

    String adminUsername();

    /** The bootstrap admin's password; generated and printed once when absent. */
    Optional<String> adminPassword();

    boolean anonymousSignup();

    boolean publicSignup();

    /** none, question, email or text. */
    String verification();

    String issuer();

    Duration tokenLifetime();

    Duration refreshTokenLifetime();

    int bcryptCost();

    @WithDefault("1M")
    String maxBodySize();

    Jwt jwt();

    /** Origins browser apps may call from (comma-separated); read by Quarkus' CORS filter. */
    Optional<String> corsOrigins();

    /** One line per request in the log (WARDEN_ACCESS_LOG=true); read by Quarkus' HTTP layer. */
    @WithDefault("false")
    boolean accessLog();

    Login login();

    Audit audit();

    interface Audit {
        /** How long audit entries are kept (spec §9.4). */
        @WithDefault("90D")
        Duration retention();
    }

    /** Brute-force protection of every credential check (passwords, recovery and verification codes). */
    interface Login {
        /** Failed checks for one username (or one recovery hash) within {@link #window()} before a lockout. */
        @WithDefault("5")
        int maxFailures();

        /** Failed checks from one client address within {@link #window()} before a lockout. */
        @WithDefault("50")
        int addressMaxFailures();

        @WithDefault("15M")
        Duration window();

        /** The first lockout; each further one doubles, up to {@link #maxLockout()}. */
        @WithDefault("30S")
        Duration lockout();

        @WithDefault("15M")
        Duration maxLockout();
    }

    interface Jwt {
        /** A PEM private key that overrides the stored key pair (with {@link #publicKeyFile()}). */
        Optional<String> privateKeyFile();

        Optional<String> publicKeyFile();
    }
}
