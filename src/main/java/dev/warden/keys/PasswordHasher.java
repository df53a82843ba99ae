package dev.warden.keys;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.warden.account.WardenConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt, run on a worker thread: a hash takes tens of milliseconds by design and must never
 * block the event loop.
 */
@Singleton
public class PasswordHasher {

    /** bcrypt reads at most 72 bytes; longer secrets are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    public PasswordHasher(WardenConfig config) {
        this.cost = config.bcryptCost();
        this.dummyHash = BCrypt.withDefaults().hashToString(cost, "not-a-password".toCharArray());
    }

    public Uni<String> hash(String secret) {
        return Uni.createFrom()
                .item(() -> BCrypt.withDefaults().hashToString(cost, secret.toCharArray()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Checks {@code secret}; with no stored hash it still spends the same time, so timing tells nothing. */
    public Uni<Boolean> matches(String secret, String storedHash) {
        return Uni.createFrom()
                .item(() -> {
                    String hash = storedHash == null ? dummyHash : storedHash;
                    boolean ok = BCrypt.verifyer()
                            .verify(secret.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
                            .verified;
                    return ok && storedHash != null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public static boolean fits(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
