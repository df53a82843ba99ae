package dev.warden.api;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Locale;

/** Recognises failures that mean "the database cannot be reached right now": 503, not 500. */
final class DatabaseUnavailable {

    static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {}

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P: operator intervention (shutdown, crash recovery); 53: resources.
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection refused")
                    || message.contains("connection is closed")
                    || message.contains("timeout while waiting for a connection")
                    || message.contains("the system is shutting down")
                    || message.contains("the database system is starting up")) {
                return true;
            }
        }
        return false;
    }
}
