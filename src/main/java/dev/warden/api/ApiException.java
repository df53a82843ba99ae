package dev.warden.api;

/** An error the caller can act on: its status and message go out as {@code {"message": ...}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    /** With a machine-readable {@code code} in the body, e.g. {@code denied_by_hook}. */
    public ApiException(int status, String message, String code) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
