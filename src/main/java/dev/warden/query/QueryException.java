package dev.warden.query;

/** A filter, sort or update that cannot be accepted; the message names the problem. */
public class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message, null, false, false);
    }
}
