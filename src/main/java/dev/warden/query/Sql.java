package dev.warden.query;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text under construction plus its bind values. Text comes only from the compiler's own
 * constants; everything that came from a request is added with {@link #bind} and appears in the
 * text as {@code $n}.
 */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> values;

    public Sql() {
        this(new ArrayList<>());
    }

    /** A builder that numbers its parameters after {@code existing}. */
    public Sql(List<Object> existing) {
        this.values = existing;
    }

    public Sql append(String constant) {
        text.append(constant);
        return this;
    }

    /** Adds {@code value} as the next parameter and writes its placeholder. */
    public Sql bind(Object value) {
        values.add(value);
        text.append('$').append(values.size());
        return this;
    }

    /** Adds {@code value} as a parameter and returns its placeholder, for use more than once. */
    public String placeholder(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    public String text() {
        return text.toString();
    }

    public List<Object> values() {
        return values;
    }
}
