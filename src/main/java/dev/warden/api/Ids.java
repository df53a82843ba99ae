package dev.warden.api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Server-made ids: 24 lowercase hex characters, time-ordered, shaped like a MongoDB ObjectId. */
public final class Ids {

    private static final Pattern SHAPE = Pattern.compile("^[0-9a-f]{24}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

    static {
        RANDOM.nextBytes(PROCESS);
    }

    private Ids() {}

    public static String next() {
        byte[] bytes = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, bytes, 4, 5);
        int count = COUNTER.getAndIncrement();
        bytes[9] = (byte) (count >>> 16);
        bytes[10] = (byte) (count >>> 8);
        bytes[11] = (byte) count;
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }

    /** Random bytes as URL-safe text, for opaque secrets such as refresh tokens. */
    public static String secret(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
