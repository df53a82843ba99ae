package dev.warden.hook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A hook on the wire; {@code secret} only in the answer to its creation. */
public record HookView(
        String id,
        String name,
        String permissibleName,
        List<String> actions,
        String url,
        int timeoutMs,
        boolean failOpen,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static HookView of(HookStore.HookRow row) {
        HookStore.HookDraft d = row.draft();
        return new HookView(
                row.id(),
                d.name(),
                d.permissibleName(),
                d.actions(),
                d.url(),
                d.timeoutMs(),
                d.failOpen(),
                row.createdAt(),
                null);
    }

    HookView withSecret(String secret) {
        return new HookView(id, name, permissibleName, actions, url, timeoutMs, failOpen, createdAt, secret);
    }
}
