package dev.warden.index;

import dev.warden.query.DeclaredKeys;
import dev.warden.query.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The DDL of a declared index: a partial index on one account's mesh, whose columns are the
 * tenant, each key's three columns ({@link DeclaredKeys#columns}) in its direction, and (unless
 * unique) the id, so a page in id order after equality on every key is read in index order.
 */
final class IndexDdl {

    private static final Pattern PG_NAME = Pattern.compile("^warden_ix_[0-9a-f]{24}$");

    private IndexDdl() {}

    static String create(String account, String mesh, IndexStore.IndexRow index) {
        List<String> columns = new ArrayList<>();
        columns.add("tenant");
        for (IndexStore.Key key : index.keys()) {
            String literal = DeclaredKeys.pathLiteral(FieldPath.parse(key.field()));
            for (String column : DeclaredKeys.columns("data", literal)) {
                columns.add("(" + column + ")" + (key.direction() < 0 ? " desc" : ""));
            }
        }
        if (!index.unique()) columns.add("id");
        return "create " + (index.unique() ? "unique " : "") + "index concurrently " + pgName(index.pgName())
                + " on documents (" + String.join(", ", columns) + ") where account = "
                + DeclaredKeys.nameLiteral(account) + " and mesh = " + DeclaredKeys.nameLiteral(mesh);
    }

    static String drop(String pgName) {
        return "drop index concurrently if exists " + pgName(pgName);
    }

    private static String pgName(String name) {
        if (!PG_NAME.matcher(name).matches()) throw new IllegalArgumentException("not an index name: " + name);
        return name;
    }
}
