package dev.warden.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The secret part of an API key (spec §10.1): {@code wk_} and 40 random letters and digits (238
 * bits). Only its SHA-256 is stored: with that much randomness a slow hash adds nothing, and the
 * lookup runs on every request that presents a key.
 */
public final class ApiKeys {

    public static final String PREFIX = "wk_";
    /** A capability token's subject naming a Warden user: {@code user:<id>}. */
    public static final String USER_SUBJECT = "user:";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_CHARACTERS = 40;
    /** How much of a key is kept in the clear to recognise it in lists: the prefix and 6 characters. */
    private static final int SHOWN = PREFIX.length() + 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    public static String generate() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    public static String shownPrefix(String key) {
        return key.substring(0, SHOWN);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
