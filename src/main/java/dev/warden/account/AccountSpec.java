package dev.warden.account;

import java.util.Optional;

/** What an account is set up with: sign-up settings, its client key and its first admin. */
public record AccountSpec(
        String name,
        boolean anonymousSignup,
        boolean publicSignup,
        Verification verification,
        Optional<String> publicKey,
        String adminUsername,
        Optional<String> adminPassword,
        java.util.List<String> corsOrigins) {

    public static AccountSpec from(WardenConfig config) {
        return new AccountSpec(
                config.account(),
                config.anonymousSignup(),
                config.publicSignup(),
                Verification.parse(config.verification()),
                config.publicKey(),
                config.adminUsername(),
                config.adminPassword(),
                CorsPolicy.origins(config.corsOrigins().orElse("")));
    }
}
