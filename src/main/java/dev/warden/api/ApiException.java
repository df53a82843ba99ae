package dev.warden.api;

/** An error the caller can act on: its status and message go out as {@code {"message": ...}}. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
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

    public int status() {
        return status;
    }
}
