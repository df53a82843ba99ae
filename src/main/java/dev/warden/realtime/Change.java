package dev.warden.realtime;

import java.time.Instant;

/**
 * One committed write to one document (spec §11): its position {@code seq}, what happened, the
 * document after it (null on delete) and before it (null on create), as JSON text with
 * {@code _id}, and its owner for own-scoped subscribers.
 */
public record Change(
        long seq,
        String account,
        String mesh,
        String documentId,
        String op,
        long version,
        String document,
        String previous,
        String ownerId,
        String ownerType,
        Instant at) {

    /** The {@code change} message of spec §11.1, for subscription {@code id} (null over SSE). */
    public String message(String id) {
        StringBuilder json = new StringBuilder("{\"type\":\"change\"");
        if (id != null) json.append(",\"id\":").append(quote(id));
        return json.append(",\"seq\":")
                .append(seq)
                .append(",\"op\":\"")
                .append(op)
                .append("\",\"mesh\":")
                .append(quote(mesh))
                .append(",\"documentId\":")
                .append(quote(documentId))
                .append(",\"version\":")
                .append(version)
                .append(",\"document\":")
                .append(document == null ? "null" : document)
                .append(",\"at\":\"")
                .append(at)
                .append("\"}")
                .toString();
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
