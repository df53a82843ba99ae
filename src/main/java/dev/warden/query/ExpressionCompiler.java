package dev.warden.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles an {@link Expression} to a SQL {@code jsonb} expression over a document. SQL NULL is
 * "missing"; JSON null is {@code 'null'::jsonb}. Paths and literals are bind parameters; the
 * operators map to the {@code warden_*} functions of migration V4.
 */
final class ExpressionCompiler {

    private static final Map<String, String> COMPARISONS =
            Map.of("$eq", " = 0", "$ne", " <> 0", "$gt", " > 0", "$gte", " >= 0", "$lt", " < 0", "$lte", " <= 0");

    private final DocumentRef doc;
    private final Sql sql;

    private ExpressionCompiler(DocumentRef doc, Sql sql) {
        this.doc = doc;
        this.sql = sql;
    }

    /** SQL text of {@code expression} evaluated on {@code doc}; its parameters are added to {@code sql}. */
    static String compile(Expression expression, DocumentRef doc, Sql sql) {
        return new ExpressionCompiler(doc, sql).expression(expression);
    }

    private String expression(Expression expression) {
        if (expression instanceof Expression.Field field) {
            return doc.field(field.path(), sql);
        }
        if (expression instanceof Expression.Root) {
            return doc.document();
        }
        if (expression instanceof Expression.Literal literal) {
            return literal.value().isNull()
                    ? "'null'::jsonb"
                    : sql.placeholder(literal.value().toString()) + "::text::jsonb";
        }
        if (expression instanceof Expression.Document document) {
            if (document.fields().isEmpty()) return "'{}'::jsonb";
            List<String> parts = new ArrayList<>();
            document.fields()
                    .forEach((name, value) ->
                            parts.add("warden_field(" + sql.placeholder(name) + "::text, " + expression(value) + ")"));
            return "(" + String.join(" || ", parts) + ")";
        }
        if (expression instanceof Expression.Array array) {
            return array.items().isEmpty() ? "'[]'::jsonb" : "jsonb_build_array(" + list(array.items()) + ")";
        }
        return call((Expression.Call) expression);
    }

    private String call(Expression.Call call) {
        List<Expression> args = call.arguments();
        String op = call.operator();
        switch (op) {
            case "$add":
                return "warden_fold('+', " + list(args) + ")";
            case "$multiply":
                return "warden_fold('*', " + list(args) + ")";
            case "$subtract":
                return "warden_binary('-', " + list(args) + ")";
            case "$divide":
                return "warden_binary('/', " + list(args) + ")";
            case "$concat":
                return "warden_concat(" + list(args) + ")";
            case "$toUpper":
                return "warden_case(" + list(args) + ", true)";
            case "$toLower":
                return "warden_case(" + list(args) + ", false)";
            case "$size":
                return "warden_size(" + list(args) + ")";
            case "$cond":
                return "(case when warden_truthy(" + expression(args.get(0)) + ") then " + expression(args.get(1))
                        + " else " + expression(args.get(2)) + " end)";
            case "$ifNull":
                List<String> choices = new ArrayList<>();
                for (int i = 0; i < args.size() - 1; i++) {
                    choices.add("nullif(" + expression(args.get(i)) + ", 'null'::jsonb)");
                }
                choices.add(expression(args.get(args.size() - 1)));
                return "coalesce(" + String.join(", ", choices) + ")";
            case "$and":
            case "$or":
                List<String> tests = new ArrayList<>();
                args.forEach(a -> tests.add("warden_truthy(" + expression(a) + ")"));
                return "to_jsonb(" + String.join(op.equals("$and") ? " and " : " or ", tests) + ")";
            case "$not":
                return "to_jsonb(not warden_truthy(" + expression(args.get(0)) + "))";
            default:
                String comparison = COMPARISONS.get(op);
                if (comparison == null) throw new IllegalStateException("uncompiled operator " + op);
                // Missing compares as null.
                return "to_jsonb(warden_compare(coalesce(" + expression(args.get(0)) + ", 'null'::jsonb), coalesce("
                        + expression(args.get(1)) + ", 'null'::jsonb))" + comparison + ")";
        }
    }

    /** Arguments as a comma-separated list, each cast so variadic functions see jsonb. */
    private String list(List<Expression> args) {
        List<String> compiled = new ArrayList<>();
        args.forEach(a -> compiled.add(expression(a) + "::jsonb"));
        return String.join(", ", compiled);
    }
}
