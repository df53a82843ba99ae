package dev.warden.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A thing a permission is about: a broad name ({@code meshes}) or a specific one ({@code
 * meshes.orders}). A broad permission covers every specific name of its kind.
 */
public record Permissible(PermissibleKind kind, String item) {

    /** Mesh and projection names: letters only, as the API requires. */
    public static final Pattern ITEM_NAME = Pattern.compile("^[A-Za-z]+$");

    /** A pattern of names in a grant (spec §9.1): letters and {@code *}, which matches any run of letters. */
    public static final Pattern ITEM_PATTERN = Pattern.compile("^[A-Za-z*]*\\*[A-Za-z*]*$");

    public Permissible {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (item != null
                && (!kind.hasSpecificForm()
                        || !(ITEM_NAME.matcher(item).matches()
                                || ITEM_PATTERN.matcher(item).matches()))) {
            throw new IllegalArgumentException("invalid permissible item for " + kind.broadName());
        }
    }

    public static Permissible broad(PermissibleKind kind) {
        return new Permissible(kind, null);
    }

    public static Permissible mesh(String mesh) {
        return new Permissible(PermissibleKind.MESHES, mesh);
    }

    public static Permissible projection(String name) {
        return new Permissible(PermissibleKind.PROJECTIONS, name);
    }

    /** Parses a wire name; empty when it names nothing Warden knows. Names are case-sensitive. */
    public static Optional<Permissible> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        String tail = dot < 0 ? null : name.substring(dot + 1);
        for (PermissibleKind kind : PermissibleKind.values()) {
            if (!kind.broadName().equals(head)) {
                continue;
            }
            if (tail == null) {
                return Optional.of(broad(kind));
            }
            if (kind.hasSpecificForm()
                    && (ITEM_NAME.matcher(tail).matches()
                            || ITEM_PATTERN.matcher(tail).matches())) {
                return Optional.of(new Permissible(kind, tail));
            }
        }
        return Optional.empty();
    }

    public boolean isBroad() {
        return item == null;
    }

    /** A grant over every name the pattern matches, e.g. {@code meshes.report*}. */
    public boolean isPattern() {
        return item != null && item.indexOf('*') >= 0;
    }

    /** The broad permissible that covers this one (itself when already broad). */
    public Permissible broadForm() {
        return isBroad() ? this : broad(kind);
    }

    public boolean supports(Action action) {
        return kind.supports(action);
    }

    /** Whether a permission on {@code this} grants access to {@code target}. */
    public boolean covers(Permissible target) {
        if (equals(target)) return true;
        if (kind != target.kind) return false;
        if (isBroad()) return true;
        return isPattern() && !target.isBroad() && !target.isPattern() && matches(item, target.item);
    }

    /**
     * Whether every name {@code other} covers is covered by {@code this}: a broad name subsumes its
     * kind, a pattern subsumes the names and narrower patterns it matches (its {@code *} may take
     * the other's {@code *} as a letter run), anything subsumes itself. Used to check that a
     * capability stays within its key (spec §10.2).
     */
    public boolean subsumes(Permissible other) {
        if (equals(other)) return true;
        if (kind != other.kind) return false;
        if (isBroad()) return true;
        return isPattern() && !other.isBroad() && matches(item, other.item);
    }

    /** Glob matching where {@code *} is any run of letters (names hold nothing else). */
    static boolean matches(String pattern, String name) {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /**
     * Whether one role may not hold both: a broad name and a specific name of the same kind
     * ({@code meshes} with {@code meshes.orders}) would make the specific one meaningless.
     */
    public boolean overlaps(Permissible other) {
        return kind == other.kind && isBroad() != other.isBroad() && !isPattern() && !other.isPattern();
    }

    public String name() {
        return isBroad() ? kind.broadName() : kind.broadName() + "." + item;
    }

    @Override
    public String toString() {
        return name();
    }
}
