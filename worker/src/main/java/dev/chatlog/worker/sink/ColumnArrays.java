package dev.chatlog.worker.sink;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.postgresql.PGConnection;

/** Turns one column of a list of rows into a SQL array parameter, for {@code unnest(?::type[], ...)}. */
final class ColumnArrays {

    private ColumnArrays() {
    }

    /** A {@code text[]} parameter, for {@code setObject}: sent in binary, each value encoded once ({@link TextArray}). */
    static <T> Object text(List<T> rows, Function<T, String> column) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return new TextArray(values);
    }

    static <T> Array timestamps(Connection c, List<T> rows, Function<T, Instant> column) throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Instant at = column.apply(rows.get(i));
            values[i] = at == null ? null : at.toString();
        }
        return c.createArrayOf("timestamptz", values);
    }

    /**
     * Splits {@code rows}, in order, into runs whose summed {@code weight} stays within {@code max};
     * a row heavier than {@code max} forms a run of its own.
     */
    static <T> List<List<T>> runs(List<T> rows, ToIntFunction<T> weight, int max) {
        List<List<T>> runs = new ArrayList<>();
        int from = 0;
        long sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            int w = weight.applyAsInt(rows.get(i));
            if (i > from && sum + w > max) {
                runs.add(rows.subList(from, i));
                from = i;
                sum = 0;
            }
            sum += w;
        }
        if (from < rows.size()) {
            runs.add(rows.subList(from, rows.size()));
        }
        return runs;
    }

    static <T> Array booleans(Connection c, List<T> rows, java.util.function.Predicate<T> column) throws SQLException {
        Boolean[] values = new Boolean[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.test(rows.get(i));
        }
        return c.createArrayOf("bool", values);
    }

    /** An {@code int8[]} parameter; pgjdbc encodes a primitive array straight into its binary form, unboxed. */
    static <T> Array bigints(Connection c, List<T> rows, ToLongFunction<T> column) throws SQLException {
        long[] values = new long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.applyAsLong(rows.get(i));
        }
        return c.unwrap(PGConnection.class).createArrayOf("int8", values);
    }
}
