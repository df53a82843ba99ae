package dev.warden.query;

/**
 * How a pipeline stage reaches its input document in SQL. Stored documents keep {@code _id} in
 * their own column ({@code id} set): reading a field then never builds the whole document, which
 * would copy every document once per field reference. Later stages hold {@code _id} inside
 * ({@code id} null).
 */
record DocumentRef(String data, String id) {

    static DocumentRef whole(String document) {
        return new DocumentRef(document, null);
    }

    boolean idOutside() {
        return id != null;
    }

    /** The value at {@code path}, SQL NULL when missing. */
    String field(FieldPath path, Sql sql) {
        if (id != null && path.segments().get(0).equals(FieldPath.ID)) {
            // _id is a string: it has no parts.
            return path.isId() ? "to_jsonb(" + id + "::text)" : "null::jsonb";
        }
        return "(" + data + " #> " + sql.placeholder(path.array()) + "::text[])";
    }

    /** The whole document, {@code _id} inside. */
    String document() {
        return id == null ? data : "(" + data + " || jsonb_build_object('_id', " + id + "))";
    }
}
