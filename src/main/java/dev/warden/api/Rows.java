package dev.warden.api;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small helpers over the reactive client's results. */
public final class Rows {

    private Rows() {}

    public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
    }

    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(mapper.apply(row));
        }
        return list;
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** Whether {@code failure} is PostgreSQL refusing a duplicate key. */
    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** Escapes LIKE wildcards so user text matches literally. */
    public static String likeContains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
