package dev.warden.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of a mesh's declared indexes (spec §14) and the SQL each index is built on. A key's
 * index columns are its rank in MongoDB's order across types, its number (booleans as 0/1) and its
 * text, all non-null; {@code warden_key_rank} refuses arrays and objects on the path, so on a
 * declared key these columns decide equality, ranges and order exactly as the general compiler
 * does. The compiler writes the same expressions, so PostgreSQL matches them to the index.
 *
 * <p>These are the one place where names reach SQL text (an index expression cannot take a
 * parameter): segments, account and mesh names are checked against {@link #WORD} here, again,
 * whatever validated them before.
 */
public record DeclaredKeys(Map<String, String> literals) {

    public static final Pattern WORD = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,100}$");

    public static final DeclaredKeys NONE = new DeclaredKeys(Map.of());

    public DeclaredKeys {
        literals = Map.copyOf(literals);
    }

    /** The declared keys of a mesh, given as dotted paths. */
    public static DeclaredKeys of(List<String> dottedPaths) {
        Map<String, String> literals = new java.util.HashMap<>();
        for (String path : dottedPaths) literals.put(path, pathLiteral(FieldPath.parse(path)));
        return new DeclaredKeys(literals);
    }

    public boolean isEmpty() {
        return literals.isEmpty();
    }

    Optional<String> literal(FieldPath path) {
        return Optional.ofNullable(literals.get(path.dotted()));
    }

    /** {@code '{a,b}'}: a path whose every segment is a {@link #WORD}. */
    public static String pathLiteral(FieldPath path) {
        for (String segment : path.segments()) {
            if (!WORD.matcher(segment).matches()) {
                throw new QueryException("a declared index key is made of letters, digits and _ (" + segment + ")");
            }
        }
        return "'{" + String.join(",", path.segments()) + "}'";
    }

    /** A name as a SQL string literal; only names of {@code [A-Za-z0-9_-]} are ever written. */
    public static String nameLiteral(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a name that may be written into SQL: " + name);
        }
        return "'" + name + "'";
    }

    /** The three index columns of the key at {@code literal} over document {@code doc}. */
    public static List<String> columns(String doc, String literal) {
        String value = "(" + doc + " #> " + literal + "::text[])";
        return List.of(
                "warden_key_rank(" + doc + ", " + literal + "::text[])",
                "coalesce(case jsonb_typeof" + value + " when 'number' then " + value
                        + "::numeric when 'boolean' then (" + value + " = 'true'::jsonb)::integer end, 0)",
                "(coalesce(case when jsonb_typeof" + value + " = 'string' then " + doc + " #>> " + literal
                        + "::text[] end, '') collate \"C\")");
    }
}
