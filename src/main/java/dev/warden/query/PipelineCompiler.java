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

    /** A document of the mesh a {@code $lookup} reads, {@code _id} inside. */
    static final String FOREIGN_DOCUMENT = new DocumentRef("f.data", "f.id").document();

    private final Sql sql;
    private final String account;
    /** Every mesh the pipeline reads, {@code $lookup}s included, is read in this tenant only (spec §13). */
    private final String tenant;

    private int aliases;
    private boolean idOutside;

    private PipelineCompiler(Sql sql, String account, String tenant) {
        this.sql = sql;
        this.account = account;
        this.tenant = tenant;
    }

    /** A query with columns {@code d} and {@code o} over {@code mesh}; parameters go into {@code values}. */
    public static String compile(Pipeline pipeline, String account, String tenant, String mesh, Sql values) {
        return new PipelineCompiler(values, account, tenant).pipeline(pipeline, mesh);
    }

    /**
     * The page of the results {@code filter} keeps, ordered by {@code sort}, and their count, in one
     * statement returning one row: whether {@code precondition} (a SQL boolean evaluated once)
     * held, the count and the page as a JSON array text. When it does not hold, nothing is computed.
     */
    public static String page(
            Pipeline pipeline,
            String account,
            String tenant,
            String mesh,
            Filter filter,
            Sort sort,
            long offset,
            int limit,
            String precondition,
            Sql values) {
        String results = compile(pipeline, account, tenant, mesh, values);
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
        where.append("d.account = ")
                .bind(account)
                .append(" and d.mesh = ")
                .bind(mesh)
                .append(" and d.tenant = ")
                .bind(tenant);
        int first = 0;
        while (first < stages.size() && stages.get(first) instanceof Pipeline.Match match) {
            where.append(" and ");
            FilterCompiler.compile(match.filter(), "d.data", "d.id", where);
            first++;
        }
        // Stored documents travel as data and id (o) until a stage needs them whole: see DocumentRef.
        idOutside = true;
        String relation = "select d.data as d, d.id as o from documents d where " + where.text()
                + (first > 0 ? " offset 0" : ""); // a filter: fenced, as a $match stage is
        for (Pipeline.Stage stage : stages.subList(first, stages.size())) {
            relation = stage(stage, relation);
        }
        if (idOutside) {
            relation =
                    "select " + new DocumentRef("s.d", "s.o").document() + " as d, s.o as o from (" + relation + ") s";
        }
        return relation;
    }

    private String stage(Pipeline.Stage stage, String input) {
        String p = "p" + (++aliases);
        DocumentRef in = idOutside ? new DocumentRef(p + ".d", p + ".o") : DocumentRef.whole(p + ".d");
        String d = in.document();
        String o = p + ".o";
        String from = " from (" + input + ") " + p;
        // Stages that pass documents through unchanged (and keep o) leave them as they were.
        if (stage instanceof Pipeline.Match match) {
            Sql where = new Sql(sql.values());
            FilterCompiler.compile(match.filter(), in.data(), in.id(), where);
            // offset 0 keeps later stages' expressions (and the read's filter) from being evaluated
            // before this filter: an expression that fails on a document this stage drops must not fail.
            return "select " + p + ".d, " + o + from + " where " + where.text() + " offset 0";
        }
        if (stage instanceof Pipeline.Limit limit) {
            return "select " + p + ".d, " + o + from + " order by " + o + " limit " + sql.placeholder(limit.count());
        }
        if (stage instanceof Pipeline.Skip skip) {
            return "select " + p + ".d, " + o + from + " order by " + o + " offset " + sql.placeholder(skip.count());
        }
        idOutside = false;
        if (stage instanceof Pipeline.Include include) {
            String result = "'{}'::jsonb";
            if (include.keepId() && !include.computed().containsKey(idPath())) {
                result = put(result, idPath(), in.field(idPath(), sql));
            }
            for (FieldPath path : include.included()) {
                result = put(result, path, in.field(path, sql));
            }
            for (Map.Entry<FieldPath, Expression> field : include.computed().entrySet()) {
                result = put(result, field.getKey(), ExpressionCompiler.compile(field.getValue(), in, sql));
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
                result = put(result, field.getKey(), ExpressionCompiler.compile(field.getValue(), in, sql));
            }
            return "select " + result + " as d, " + o + from;
        }
        if (stage instanceof Pipeline.Group group) {
            return group(group, in, o, from);
        }
        if (stage instanceof Pipeline.SortByCount byCount) {
            String key = ExpressionCompiler.compile(byCount.key(), in, sql);
            Sql order = new Sql(sql.values()).append("g.n desc, ");
            Sort.valueKey("g.k", true, order);
            return "select jsonb_build_object('_id', g.k, 'count', g.n) as d, row_number() over (order by "
                    + order.text() + ") as o from (select coalesce(" + key + ", 'null'::jsonb) as k, count(*) as n"
                    + from + " group by 1) g";
        }
        if (stage instanceof Pipeline.SortBy sortBy) {
            Sql order = new Sql(sql.values());
            if (in.idOutside()) sortBy.sort().compile(in.data(), in.id(), order);
            else sortBy.sort().compileOverResults(in.data(), o, order);
            return "select " + d + " as d, row_number() over (order by " + order.text() + ") as o" + from;
        }
        if (stage instanceof Pipeline.Unwind unwind) {
            return unwind(unwind, in, o, from);
        }
        if (stage instanceof Pipeline.Count count) {
            return "select jsonb_build_object(" + sql.placeholder(count.field()) + "::text, count(*)) as d, 1 as o"
                    + from + " having count(*) > 0";
        }
        if (stage instanceof Pipeline.ReplaceRoot replace) {
            return "select warden_object(" + ExpressionCompiler.compile(replace.newRoot(), in, sql)
                    + ", '$replaceRoot') as d, " + o + from;
        }
        if (stage instanceof Pipeline.Lookup lookup) {
            return "select " + put(d, lookup.as(), lookup(lookup, in)) + " as d, " + o + from;
        }
        throw new IllegalStateException("uncompiled stage " + stage);
    }

    /**
     * Groups by the key, one output row per group, ordered by the key (a compound key orders by its
     * fields in turn). The documents are first narrowed to the key and each accumulator's input,
     * computed once per document, so the aggregation never carries whole documents (and can hash).
     * Accumulators that depend on order read the input position.
     */
    private String group(Pipeline.Group group, DocumentRef in, String o, String from) {
        List<String> inputs = new ArrayList<>();
        inputs.add("coalesce(" + ExpressionCompiler.compile(group.id(), in, sql) + ", 'null'::jsonb) as k");
        inputs.add(o + " as o");
        // A volatile call keeps PostgreSQL from merging this narrowing into the aggregation, which
        // would evaluate each input once per use instead of once per document.
        inputs.add("warden_fence() as fence");
        List<String> aggregates = new ArrayList<>();
        aggregates.add("x.k");
        StringBuilder output = new StringBuilder("jsonb_build_object('_id', g.k");
        int i = 0;
        for (Map.Entry<String, Pipeline.Accumulator> field :
                group.accumulators().entrySet()) {
            String column = "a" + (++i);
            Pipeline.Accumulator accumulator = field.getValue();
            if (accumulator.argument() != null) {
                inputs.add(ExpressionCompiler.compile(accumulator.argument(), in, sql) + " as " + column);
            }
            aggregates.add(aggregate(accumulator.operator(), "x." + column) + " as " + column);
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
                + String.join(", ", aggregates) + " from (select " + String.join(", ", inputs) + from
                + ") x group by x.k) g";
    }

    /** The aggregate over {@code v}, one jsonb input per document. */
    private String aggregate(String operator, String v) {
        String present = " filter (where " + v + " is not null and " + v + " <> 'null'::jsonb)";
        String numbers = "case when jsonb_typeof(" + v + ") = 'number' then (" + v + ")::numeric end";
        switch (operator) {
            case "$count":
                return "to_jsonb(count(*))";
            case "$sum":
                return "to_jsonb(coalesce(sum(" + numbers + "), 0))";
            case "$avg":
                return "coalesce(to_jsonb(avg(" + numbers + ")), 'null'::jsonb)";
            case "$min":
            case "$max":
                Sql order = new Sql(sql.values());
                Sort.valueKey(v, operator.equals("$min"), order);
                return "coalesce((array_agg(" + v + " order by " + order.text() + ")" + present
                        + ")[1], 'null'::jsonb)";
            case "$first":
                return "coalesce((array_agg(" + v + " order by x.o))[1], 'null'::jsonb)";
            case "$last":
                return "coalesce((array_agg(" + v + " order by x.o desc))[1], 'null'::jsonb)";
            case "$push":
                return "coalesce(jsonb_agg(" + v + " order by x.o) filter (where " + v + " is not null), '[]'::jsonb)";
            case "$addToSet":
                return "warden_sorted(coalesce(jsonb_agg(distinct " + v + ") filter (where " + v
                        + " is not null), '[]'::jsonb))";
            default:
                throw new IllegalStateException("uncompiled accumulator " + operator);
        }
    }

    /**
     * One document per element of the array at the path, the path holding the element; a
     * non-array value counts as one element. Null, missing and empty arrays drop the document,
     * or keep it when asked to (an empty array is then removed, as MongoDB does).
     */
    private String unwind(Pipeline.Unwind unwind, DocumentRef in, String o, String from) {
        String d = in.document();
        String path = pathArray(unwind.path());
        String value = in.field(unwind.path(), sql);
        String elements = "jsonb_array_elements(warden_unwound(" + value + ")) with ordinality e(v, i)";
        if (!unwind.preserveNullAndEmptyArrays()) {
            return "select warden_put(" + d + ", " + path + ", e.v) as d, row_number() over (order by " + o
                    + ", e.i) as o" + from + " cross join lateral " + elements;
        }
        return "select case when e.v is not null then warden_put(" + d + ", " + path + ", e.v) when " + value
                + " = '[]'::jsonb then warden_unset(" + d + ", " + path + ") else " + d
                + " end as d, row_number() over (order by " + o + ", e.i) as o" + from + " left join lateral "
                + elements + " on true";
    }

    /**
     * The array of documents of mesh {@code from} whose {@code foreignField} equals a local value
     * (or, for an array, one of its elements), in {@code _id} order. Local values are compared as
     * scalars; a missing or null local value matches foreign documents where the field is null or
     * missing. Matching uses containment, so the GIN index serves it.
     */
    private String lookup(Pipeline.Lookup lookup, DocumentRef in) {
        String local = in.field(lookup.localField(), sql);
        String owner = "f.account = " + sql.placeholder(account) + " and f.mesh = " + sql.placeholder(lookup.from())
                + " and f.tenant = " + sql.placeholder(tenant);
        String found = "select f.id, " + FOREIGN_DOCUMENT + " as doc from warden_lookup_values(" + local
                + ") v(v) join documents f on " + owner + " and ";
        if (lookup.foreignField().isId()) {
            found += "jsonb_typeof(v.v) = 'string' and f.id = (v.v #>> '{}')";
        } else {
            List<String> keys = new ArrayList<>();
            for (String segment : lookup.foreignField().segments()) keys.add(sql.placeholder(segment) + "::text");
            List<String> spellings = spellings(keys, 0, "v.v");
            found += "(f.data @> " + String.join(" or f.data @> ", spellings) + ")";
            found += " union select f.id, " + FOREIGN_DOCUMENT + " as doc from documents f where "
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
