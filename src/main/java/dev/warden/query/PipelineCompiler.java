package dev.warden.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link Pipeline} over one mesh to one SQL query. Each stage wraps the previous one
 * as a subquery with two columns: {@code d}, the document (jsonb, {@code _id} inside), and
 * {@code o}, its position, which later stages keep or renumber. Position is what makes
 * {@code $sort}, {@code $limit}, {@code $first} and paging well defined: stored documents start in
 * {@code _id} order, {@code $sort} is stable, groups come out in the order of their {@code _id}.
 *
 * <p>Leading {@code $match} stages are compiled against the table itself, so they use its
 * indexes. Paths, names and values are bind parameters; the text is the compiler's own.
 */
public final class PipelineCompiler {

    /** The stored document as pipelines see it: {@code _id} inside. */
    static final String SOURCE_DOCUMENT = "d.data || jsonb_build_object('_id', d.id)";

    private final Sql sql;
    private final String account;
    private int aliases;

    private PipelineCompiler(Sql sql, String account) {
        this.sql = sql;
        this.account = account;
    }

    /** A query with columns {@code d} and {@code o} over {@code mesh}; parameters go into {@code values}. */
    public static String compile(Pipeline pipeline, String account, String mesh, Sql values) {
        return new PipelineCompiler(values, account).pipeline(pipeline, mesh);
    }

    /**
     * The page of the results {@code filter} keeps, ordered by {@code sort}, and their count, in one
     * statement returning one row: whether {@code precondition} (a SQL boolean evaluated once)
     * held, the count and the page as a JSON array text. When it does not hold, nothing is computed.
     */
    public static String page(
            Pipeline pipeline,
            String account,
            String mesh,
            Filter filter,
            Sort sort,
            long offset,
            int limit,
            String precondition,
            Sql values) {
        String results = compile(pipeline, account, mesh, values);
        Sql where = new Sql(values.values());
        FilterCompiler.compile(filter, "r.d", null, where);
        Sql order = new Sql(values.values());
        sort.compileOverResults("m.d", "m.o", order);
        String limits = "limit " + values.placeholder(limit) + " offset " + values.placeholder(offset);
        return "with r as (" + results + "), m as materialized (select r.d, r.o from r where " + precondition
                + " and " + where.text() + ")"
                + " select " + precondition
                + ", (select count(*) from m), (select '[' || coalesce(string_agg(p.d::text, ',' order by p.n),"
                + " '') || ']' from (select m.d, row_number() over (order by " + order.text() + ") as n from m"
                + " order by n " + limits + ") p)";
    }

    private String pipeline(Pipeline pipeline, String mesh) {
        List<Pipeline.Stage> stages = pipeline.stages();
        Sql where = new Sql(sql.values());
        where.append("d.account = ").bind(account).append(" and d.mesh = ").bind(mesh);
        int first = 0;
        while (first < stages.size() && stages.get(first) instanceof Pipeline.Match match) {
            where.append(" and ");
            FilterCompiler.compile(match.filter(), "d.data", "d.id", where);
            first++;
        }
        String relation = "select " + SOURCE_DOCUMENT + " as d, d.id as o from documents d where " + where.text()
                + (first > 0 ? " offset 0" : ""); // a filter: fenced, as a $match stage is
        for (Pipeline.Stage stage : stages.subList(first, stages.size())) {
            relation = stage(stage, relation);
        }
        return relation;
    }

    private String stage(Pipeline.Stage stage, String input) {
        String p = "p" + (++aliases);
        String d = p + ".d";
        String o = p + ".o";
        String from = " from (" + input + ") " + p;
        if (stage instanceof Pipeline.Match match) {
            Sql where = new Sql(sql.values());
            FilterCompiler.compile(match.filter(), d, null, where);
            // offset 0 keeps later stages' expressions (and the read's filter) from being evaluated
            // before this filter: an expression that fails on a document this stage drops must not fail.
            return "select " + d + ", " + o + from + " where " + where.text() + " offset 0";
        }
        if (stage instanceof Pipeline.Include include) {
            String result = "'{}'::jsonb";
            if (include.keepId() && !include.computed().containsKey(idPath())) {
                result = "warden_put(" + result + ", '{_id}', " + d + " -> '_id')";
            }
            for (FieldPath path : include.included()) {
                result = put(result, path, "(" + d + " #> " + pathArray(path) + ")");
            }
            for (Map.Entry<FieldPath, Expression> field : include.computed().entrySet()) {
                result = put(result, field.getKey(), ExpressionCompiler.compile(field.getValue(), d, sql));
            }
            return "select " + result + " as d, " + o + from;
        }
        if (stage instanceof Pipeline.Exclude exclude) {
            String result = d;
            for (FieldPath path : exclude.excluded()) {
                result = "warden_unset(" + result + ", " + pathArray(path) + ")";
            }
            return "select " + result + " as d, " + o + from;
        }
        if (stage instanceof Pipeline.AddFields add) {
            String result = d;
            for (Map.Entry<FieldPath, Expression> field : add.fields().entrySet()) {
                result = put(result, field.getKey(), ExpressionCompiler.compile(field.getValue(), d, sql));
            }
            return "select " + result + " as d, " + o + from;
        }
        if (stage instanceof Pipeline.Group group) {
            return group(group, p, from);
        }
        if (stage instanceof Pipeline.SortByCount byCount) {
            String key = ExpressionCompiler.compile(byCount.key(), d, sql);
            Sql order = new Sql(sql.values()).append("g.n desc, ");
            Sort.valueKey("g.k", true, order);
            return "select jsonb_build_object('_id', g.k, 'count', g.n) as d, row_number() over (order by "
                    + order.text() + ") as o from (select coalesce(" + key + ", 'null'::jsonb) as k, count(*) as n"
                    + from + " group by 1) g";
        }
        if (stage instanceof Pipeline.SortBy sortBy) {
            Sql order = new Sql(sql.values());
            sortBy.sort().compileOverResults(d, o, order);
            return "select " + d + ", row_number() over (order by " + order.text() + ") as o" + from;
        }
        if (stage instanceof Pipeline.Limit limit) {
            return "select " + d + ", " + o + from + " order by " + o + " limit " + sql.placeholder(limit.count());
        }
        if (stage instanceof Pipeline.Skip skip) {
            return "select " + d + ", " + o + from + " order by " + o + " offset " + sql.placeholder(skip.count());
        }
        if (stage instanceof Pipeline.Unwind unwind) {
            return unwind(unwind, p, from);
        }
        if (stage instanceof Pipeline.Count count) {
            return "select jsonb_build_object(" + sql.placeholder(count.field()) + "::text, count(*)) as d, 1 as o"
                    + from + " having count(*) > 0";
        }
        if (stage instanceof Pipeline.ReplaceRoot replace) {
            return "select warden_object(" + ExpressionCompiler.compile(replace.newRoot(), d, sql)
                    + ", '$replaceRoot') as d, " + o + from;
        }
        if (stage instanceof Pipeline.Lookup lookup) {
            return "select " + put(d, lookup.as(), lookup(lookup, d)) + " as d, " + o + from;
        }
        throw new IllegalStateException("uncompiled stage " + stage);
    }

    /**
     * Groups by the key, one output row per group, ordered by the key (a compound key orders by its
     * fields in turn). Accumulators that depend on order read the input position.
     */
    private String group(Pipeline.Group group, String p, String from) {
        String d = p + ".d";
        String key = ExpressionCompiler.compile(group.id(), d, sql);
        List<String> columns = new ArrayList<>();
        columns.add("coalesce(" + key + ", 'null'::jsonb) as k");
        StringBuilder output = new StringBuilder("jsonb_build_object('_id', g.k");
        int i = 0;
        for (Map.Entry<String, Pipeline.Accumulator> field :
                group.accumulators().entrySet()) {
            String column = "a" + (++i);
            columns.add(accumulator(field.getValue(), p) + " as " + column);
            output.append(", ")
                    .append(sql.placeholder(field.getKey()))
                    .append("::text, g.")
                    .append(column);
        }
        output.append(")");
        Sql order = new Sql(sql.values());
        if (group.id() instanceof Expression.Document compound
                && !compound.fields().isEmpty()) {
            for (String name : compound.fields().keySet()) {
                Sort.valueKey("(g.k -> " + sql.placeholder(name) + "::text)", true, order);
                order.append(", ");
            }
            order.append("g.k");
        } else {
            Sort.valueKey("g.k", true, order);
        }
        return "select " + output + " as d, row_number() over (order by " + order.text() + ") as o from (select "
                + String.join(", ", columns) + from + " group by 1) g";
    }

    private String accumulator(Pipeline.Accumulator accumulator, String p) {
        if (accumulator.operator().equals("$count")) {
            return "to_jsonb(count(*))";
        }
        String value = ExpressionCompiler.compile(accumulator.argument(), p + ".d", sql);
        String number = "case when jsonb_typeof(" + value + ") = 'number' then (" + value + ")::numeric end";
        String present = " filter (where " + value + " is not null and " + value + " <> 'null'::jsonb)";
        switch (accumulator.operator()) {
            case "$sum":
                return "to_jsonb(coalesce(sum(" + number + "), 0))";
            case "$avg":
                return "coalesce(to_jsonb(avg(" + number + ")), 'null'::jsonb)";
            case "$min":
            case "$max":
                Sql order = new Sql(sql.values());
                Sort.valueKey(value, accumulator.operator().equals("$min"), order);
                return "coalesce((array_agg(" + value + " order by " + order.text() + ")" + present
                        + ")[1], 'null'::jsonb)";
            case "$first":
                return "coalesce((array_agg(" + value + " order by " + p + ".o))[1], 'null'::jsonb)";
            case "$last":
                return "coalesce((array_agg(" + value + " order by " + p + ".o desc))[1], 'null'::jsonb)";
            case "$push":
                return "coalesce(jsonb_agg(" + value + " order by " + p + ".o) filter (where " + value
                        + " is not null), '[]'::jsonb)";
            case "$addToSet":
                return "warden_sorted(coalesce(jsonb_agg(distinct " + value + ") filter (where " + value
                        + " is not null), '[]'::jsonb))";
            default:
                throw new IllegalStateException("uncompiled accumulator " + accumulator.operator());
        }
    }

    /**
     * One document per element of the array at the path, the path holding the element; a
     * non-array value counts as one element. Null, missing and empty arrays drop the document,
     * or keep it when asked to (an empty array is then removed, as MongoDB does).
     */
    private String unwind(Pipeline.Unwind unwind, String p, String from) {
        String d = p + ".d";
        String path = pathArray(unwind.path());
        String value = "(" + d + " #> " + path + ")";
        String elements = "jsonb_array_elements(warden_unwound(" + value + ")) with ordinality e(v, i)";
        if (!unwind.preserveNullAndEmptyArrays()) {
            return "select warden_put(" + d + ", " + path + ", e.v) as d, row_number() over (order by " + p
                    + ".o, e.i) as o" + from + " cross join lateral " + elements;
        }
        return "select case when e.v is not null then warden_put(" + d + ", " + path + ", e.v) when " + value
                + " = '[]'::jsonb then warden_unset(" + d + ", " + path + ") else " + d
                + " end as d, row_number() over (order by " + p + ".o, e.i) as o" + from + " left join lateral "
                + elements + " on true";
    }

    /**
     * The array of documents of mesh {@code from} whose {@code foreignField} equals a local value
     * (or, for an array, one of its elements), in {@code _id} order. Local values are compared as
     * scalars; a missing or null local value matches foreign documents where the field is null or
     * missing. Matching uses containment, so the GIN index serves it.
     */
    private String lookup(Pipeline.Lookup lookup, String d) {
        String local = "(" + d + " #> " + pathArray(lookup.localField()) + ")";
        String owner = "f.account = " + sql.placeholder(account) + " and f.mesh = " + sql.placeholder(lookup.from());
        String found = "select f.id, " + SOURCE_DOCUMENT.replace("d.", "f.") + " as doc from warden_lookup_values("
                + local + ") v(v) join documents f on " + owner + " and ";
        if (lookup.foreignField().isId()) {
            found += "jsonb_typeof(v.v) = 'string' and f.id = (v.v #>> '{}')";
        } else {
            List<String> keys = new ArrayList<>();
            for (String segment : lookup.foreignField().segments()) keys.add(sql.placeholder(segment) + "::text");
            List<String> spellings = spellings(keys, 0, "v.v");
            found += "(f.data @> " + String.join(" or f.data @> ", spellings) + ")";
            found += " union select f.id, " + SOURCE_DOCUMENT.replace("d.", "f.") + " as doc from documents f where "
                    + owner + " and exists (select 1 from warden_lookup_values(" + local
                    + ") n(v) where n.v = 'null'::jsonb) and not coalesce(jsonb_path_exists(f.data, "
                    + sql.placeholder(lookup.foreignField().jsonPath()) + "::text::jsonpath), false)";
        }
        return "(select coalesce(jsonb_agg(x.doc order by x.id), '[]'::jsonb) from (" + found + ") x)";
    }

    /** Every object/array shape holding {@code value} at {@code keys[from..]} (see FilterCompiler.spellings). */
    private static List<String> spellings(List<String> keys, int from, String value) {
        if (from == keys.size()) return List.of(value);
        List<String> result = new ArrayList<>();
        for (String inner : spellings(keys, from + 1, value)) {
            result.add("jsonb_build_object(" + keys.get(from) + ", " + inner + ")");
            result.add("jsonb_build_object(" + keys.get(from) + ", jsonb_build_array(" + inner + "))");
        }
        return result;
    }

    private String put(String doc, FieldPath path, String value) {
        return "warden_put(" + doc + ", " + pathArray(path) + ", " + value + ")";
    }

    private String pathArray(FieldPath path) {
        return sql.placeholder(path.array()) + "::text[]";
    }

    private static FieldPath idPath() {
        return new FieldPath(List.of(FieldPath.ID));
    }
}
