package dev.chatlog.bench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PgBenchSqlTest {

    @Test
    void insertsExpressionsAsTheyAreAndOtherArgumentsAsLiterals() {
        String text = PgBenchSql.inline("SELECT * FROM t WHERE a = ? AND b = ? AND c < ? LIMIT ?",
                List.of(":x", "it's", Long.MAX_VALUE, 51), List.of(":x"));

        assertThat(text)
                .isEqualTo("SELECT * FROM t WHERE a = :x AND b = 'it''s' AND c < 9223372036854775807 LIMIT 51");
    }

    @Test
    void leavesAQuestionMarkInsideALiteralAlone() {
        assertThat(PgBenchSql.inline("SELECT '?', ?", List.of("a"), List.of())).isEqualTo("SELECT '?', 'a'");
    }

    @Test
    void refusesArgumentsThatDoNotMatchThePlaceholders() {
        assertThatThrownBy(() -> PgBenchSql.inline("SELECT ?, ?", List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more placeholders");
        assertThatThrownBy(() -> PgBenchSql.inline("SELECT ?", List.of("a", "b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 placeholders for 2 arguments");
    }

    @Test
    void refusesAnArgumentThatHasNoLiteral() {
        assertThatThrownBy(() -> PgBenchSql.inline("SELECT ?", List.of(1.5), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pgbench literal");
    }
}
