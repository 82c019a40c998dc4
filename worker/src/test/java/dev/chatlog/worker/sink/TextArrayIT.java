package dev.chatlog.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TextArray} as PostgreSQL reads it, over a real connection: in binary (pgjdbc's default)
 * and as text (with {@code binaryTransfer=false}), every value comes back as it was, in order, NULLs
 * and the characters the text form must escape included.
 */
@ExtendWith(ChatlogServersExtension.class)
class TextArrayIT {

    private static final String[] TRICKY = {
        "plain", "", null, "NULL", "with \"quotes\"", "back\\slash", "{braces}, commas", "  spaces  ",
        "line\nbreak\ttab", "é à ü ß", "日本語のテキスト", "emoji 😀 and more", "\\\"", "x".repeat(70_000), null,
    };

    @Test
    void readsBackEveryValueInBinary(TestDatabase db) throws SQLException {
        try (Connection c = connect(db, "")) {
            assertRoundTrip(c, TRICKY);
            assertRoundTrip(c, new String[] {null});
            assertRoundTrip(c, new String[] {"only"});
            assertRoundTrip(c, new String[0]);
        }
    }

    @Test
    void readsBackEveryValueAsText(TestDatabase db) throws SQLException {
        try (Connection c = connect(db, "binaryTransfer=false")) {
            assertRoundTrip(c, TRICKY);
            assertRoundTrip(c, new String[] {null});
            assertRoundTrip(c, new String[0]);
        }
    }

    /** The writer's statements cast the parameter ({@code ?::text[]}) and unnest it beside other columns. */
    @Test
    void unnestsBesideAnotherColumnAsTheWriterDoes(TestDatabase db) throws SQLException {
        try (Connection c = connect(db, "");
             PreparedStatement s = c.prepareStatement(
                     "SELECT x.t, x.n FROM unnest(?::text[], ?::int8[]) WITH ORDINALITY AS x(t, n, i) ORDER BY x.i")) {
            s.setObject(1, new TextArray(new String[] {"a", null, "c"}));
            s.setArray(2, ColumnArrays.bigints(c, List.of(1L, 2L, 3L), v -> v));
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getLong(2));
                }
            }
            assertThat(rows).containsExactly("a:1", "null:2", "c:3");
        }
    }

    private static void assertRoundTrip(Connection c, String[] values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT cardinality(a), array_ndims(a), x.v FROM (SELECT ?::text[] AS a) p"
                        + " LEFT JOIN LATERAL unnest(p.a) WITH ORDINALITY AS x(v, i) ON true ORDER BY x.i")) {
            s.setObject(1, new TextArray(values));
            List<String> back = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getInt(1)).isEqualTo(values.length);
                    assertThat(rs.getObject(2)).isEqualTo(values.length == 0 ? null : 1);
                    if (values.length > 0) {
                        back.add(rs.getString(3));
                    }
                }
            }
            assertThat(back).isEqualTo(Arrays.asList(values));
        }
    }

    private static Connection connect(TestDatabase db, String options) throws SQLException {
        String url = options.isEmpty() ? db.jdbcUrl() : db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + options;
        return DriverManager.getConnection(url, db.user(), db.password());
    }
}
