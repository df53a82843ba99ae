package dev.warden.access;

/**
 * Who acts, and who owns what it creates (spec §9.2, §10): a user, an API key, or the subject of a
 * capability token (an id in the app's own user system).
 */
public record Principal(Type type, String id, String name) {

    public enum Type {
        USER("user"),
        API_KEY("apiKey"),
        SUBJECT("subject");

        private final String word;

        Type(String word) {
            this.word = word;
        }

        /** As the wire writes it, e.g. in {@code ownerType}. */
        public String word() {
            return word;
        }

        public static java.util.Optional<Type> parse(String word) {
            for (Type type : values()) {
                if (type.word.equals(word)) return java.util.Optional.of(type);
            }
            return java.util.Optional.empty();
        }
    }

    public static Principal user(String id, String name) {
        return new Principal(Type.USER, id, name);
    }
}
