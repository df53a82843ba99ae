package dev.warden.audit;

import dev.warden.access.Caller;
import java.util.Map;

/** One thing that happened to access (spec §9.4): who did what to which target, with details. */
public record AuditEntry(String action, Party principal, Party target, Map<String, Object> details) {

    /** A principal or a target: its type ({@code user}, {@code role}, ...), id and name. */
    public record Party(String type, String id, String name) {

        public static final Party NOBODY = new Party(null, null, null);

        public static Party of(Caller caller) {
            return new Party(caller.principal().type().word(), caller.userId(), caller.username());
        }

        public static Party user(String id, String name) {
            return new Party("user", id, name);
        }

        public static Party role(String id, String name) {
            return new Party("role", id, name);
        }
    }

    public AuditEntry {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEntry of(String action, Party principal, Party target) {
        return new AuditEntry(action, principal, target, Map.of());
    }

    public AuditEntry with(Map<String, Object> moreDetails) {
        return new AuditEntry(action, principal, target, moreDetails);
    }
}
