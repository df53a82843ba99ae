package dev.warden.access;

/** Thrown by {@link AccessPolicy#require}; its message is the one the API answers with. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(Action action, Permissible permissible) {
        super(messageFor(action, permissible));
    }

    public AccessDeniedException(String message) {
        super(message);
    }

    public static String messageFor(Action action, Permissible permissible) {
        return "insufficient permission to " + action.word() + " " + permissible.name();
    }
}
