package dev.chatlog.bench.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * How many of the heavy user's rows each finding read matches, counted directly in the tables, for
 * the report; it also stops the benchmark when a read would match nothing, which would measure
 * only empty answers.
 */
final class ApiFindCounts {

    /** Values counted per read: the first ones, enough to show the spread. */
    private static final int SAMPLE = 20;

    private ApiFindCounts() {
    }

    static String describe(DataSource dataSource, ApiDataset dataset) throws SQLException {
        String user = ApiDataset.user(0);
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            out.append(String.format(Locale.ROOT, "Matches in the heavy user's %,d tool calls and %,d indexed messages"
                            + " (counted for the first %d values each read picks from; every page asks for %d):%n%n",
                    count(c, "SELECT count(*) FROM chatlog.tool_calls WHERE user_id = ?", user),
                    count(c, "SELECT count(*) FROM chatlog.message_search WHERE user_id = ?", user), SAMPLE,
                    ApiFindRead.PAGE));
            for (ApiFindRead read : ApiFindRead.ALL) {
                long min = Long.MAX_VALUE;
                long max = 0;
                List<?> values = read.values().subList(0, Math.min(SAMPLE, read.values().size()));
                for (Object value : values) {
                    long n = count(c, sql(read), user, read.parameterValue(value));
                    min = Math.min(min, n);
                    max = Math.max(max, n);
                }
                if (max == 0) {
                    throw new IllegalStateException("the dataset holds no match for " + read.name());
                }
                out.append(String.format(Locale.ROOT, "- %s: %,d to %,d (values: %s)%n", read.name(), min, max,
                        describe(read.values())));
            }
        }
        return out.toString();
    }

    private static String describe(List<?> values) {
        if (values.getFirst() instanceof Integer) {
            return values.getFirst() + " to " + values.getLast();
        }
        return values.size() <= 5 ? String.join(", ", values.stream().map(Object::toString).toList())
                : values.getFirst() + ", " + values.get(1) + ", ... " + values.getLast() + " (" + values.size() + ")";
    }

    private static String sql(ApiFindRead read) {
        return switch (read.kind()) {
            case TOOL_CALLS -> read.parameter().equals("name")
                    ? "SELECT count(*) FROM chatlog.tool_calls WHERE user_id = ? AND name = ?"
                    : "SELECT count(*) FROM chatlog.tool_calls WHERE user_id = ? AND arguments @> ?::jsonb";
            case SEARCH -> "SELECT count(*) FROM chatlog.message_search WHERE user_id = ?"
                    + " AND document @@ websearch_to_tsquery('" + ApiDatasetLoader.SEARCH_CONFIGURATION + "', ?)";
        };
    }

    private static long count(Connection c, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                s.setString(i + 1, arguments[i].toString());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
