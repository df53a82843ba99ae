package dev.warden.realtime;

import dev.warden.query.Filter;
import dev.warden.security.Authenticator;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One live subscription (spec §11.1): whose credential, which mesh (and document, and filter), and
 * where its changes go. Changes wait in a bounded queue; a subscriber that falls behind by more
 * than {@link #MAX_QUEUED} changes is ended, never buffered without bound.
 */
public final class Subscription {

    static final int MAX_QUEUED = 1_000;

    /** Where a subscription's messages go: an SSE stream or a WebSocket connection. */
    public interface Sink {
        void change(Change change);

        /** The subscription is over; {@code slow} when it was cut off for falling behind. */
        void ended(String reason, boolean slow);
    }

    final String account;
    /** Only the changes of this tenant reach it (spec §13); its credential must stay valid there. */
    final String tenant;

    final String mesh;
    final Optional<String> documentId;
    final Optional<Filter> filter;
    final Authenticator.Credential credential;
    final Sink sink;

    final ArrayDeque<Change> queue = new ArrayDeque<>();
    /**
     * Changes wait, undelivered, until the subscriber has been told where it starts ({@code
     * subscribed}): the replay read from the log ({@code since}) and live changes alike.
     */
    boolean held = true;

    boolean draining;
    boolean ended;
    /** The position it started after (what {@code subscribed} reports). */
    long startAfter;
    /** Live delivery covers changes after this position; a replay covers those up to it. */
    long liveAfter;

    public Subscription(
            String account,
            String tenant,
            String mesh,
            Optional<String> documentId,
            Optional<Filter> filter,
            Authenticator.Credential credential,
            Sink sink) {
        this.account = account;
        this.tenant = tenant;
        this.mesh = mesh;
        this.documentId = documentId;
        this.filter = filter;
        this.credential = credential;
        this.sink = sink;
    }
}
