package dev.warden.realtime;

import java.time.Instant;

/**
 * One committed write to one document (spec §11): its position {@code seq}, what happened, the
 * document after it (null on delete) and before it (null on create), as JSON text with
 * {@code _id}, and its owner for own-scoped subscribers.
 */
public final class Change {

    private final long seq;
    private final String account;
    private final String tenant;
    private final String mesh;
    private final String documentId;
    private final String op;
    private final long version;
    private final String document;
    private final String previous;
    private final String ownerId;
    private final String ownerType;
    private final Instant at;
    /** Everything after the subscription id; built once, shared by every subscriber's message. */
    private volatile String body;

    public Change(
            long seq,
            String account,
            String tenant,
            String mesh,
            String documentId,
            String op,
            long version,
            String document,
            String previous,
            String ownerId,
            String ownerType,
            Instant at) {
        this.seq = seq;
        this.account = account;
        this.tenant = tenant;
        this.mesh = mesh;
        this.documentId = documentId;
        this.op = op;
        this.version = version;
        this.document = document;
        this.previous = previous;
        this.ownerId = ownerId;
        this.ownerType = ownerType;
        this.at = at;
    }

    public long seq() {
        return seq;
    }

    public String account() {
        return account;
    }

    public String tenant() {
        return tenant;
    }

    public String mesh() {
        return mesh;
    }

    public String documentId() {
        return documentId;
    }

    public String op() {
        return op;
    }

    public long version() {
        return version;
    }

    public String document() {
        return document;
    }

    public String previous() {
        return previous;
    }

    public String ownerId() {
        return ownerId;
    }

    public String ownerType() {
        return ownerType;
    }

    public Instant at() {
        return at;
    }

    /** The {@code change} message of spec §11.1, for subscription {@code id} (null over SSE). */
    public String message(String id) {
        return id == null
                ? "{\"type\":\"change\"," + body()
                : "{\"type\":\"change\",\"id\":" + quote(id) + "," + body();
    }

    private String body() {
        String built = body;
        if (built == null) {
            built = "\"seq\":" + seq + ",\"op\":\"" + op + "\",\"mesh\":" + quote(mesh) + ",\"documentId\":"
                    + quote(documentId) + ",\"version\":" + version + ",\"document\":"
                    + (document == null ? "null" : document) + ",\"at\":\"" + at + "\"}";
            body = built;
        }
        return built;
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
