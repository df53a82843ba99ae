package dev.warden.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "hash object" of password recovery: who, which attempt, until when, and the question to
 * answer, signed with the server secret. The signature also covers the user's current password
 * hash, so a hash stops working once it has been used to set a new password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryHash(String username, int attempt, String hash, Instant expires, String hint) {

    static RecoveryHash sign(byte[] secret, String account, UserRow user, int attempt, Instant expires, String hint) {
        return new RecoveryHash(
                user.username(), attempt, signature(secret, account, user, attempt, expires, hint), expires, hint);
    }

    /** Reads the hash object fields of a request body; 400 naming what is missing. */
    static RecoveryHash read(Body body) {
        String username = body.requiredString("username");
        int attempt = body.integer("attempt").orElse(1);
        String hash = body.requiredString("hash");
        String expires = body.requiredString("expires");
        try {
            return new RecoveryHash(
                    username,
                    attempt,
                    hash,
                    Instant.parse(expires),
                    body.string("hint").orElse(null));
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("expires must be an ISO-8601 instant");
        }
    }

    boolean isValidFor(byte[] secret, String account, UserRow user) {
        if (expires.isBefore(Instant.now())) {
            return false;
        }
        String expected = signature(secret, account, user, attempt, expires, hint);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
    }

    private static String signature(
            byte[] secret, String account, UserRow user, int attempt, Instant expires, String hint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String payload = String.join(
                    "\n",
                    account,
                    user.id(),
                    Integer.toString(attempt),
                    expires.toString(),
                    hint == null ? "" : hint,
                    user.passwordHash() == null ? "" : user.passwordHash());
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
