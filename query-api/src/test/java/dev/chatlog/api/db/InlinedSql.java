package dev.chatlog.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** For tests of statements: a statement's text with its arguments written in place of the placeholders. */
public final class InlinedSql {

    private InlinedSql() {
    }

    /** {@code sql} with each placeholder replaced by its argument, strings quoted. */
    public static String inline(String sql, List<Object> arguments) {
        String[] parts = sql.split("\\?", -1);
        assertThat(parts).hasSize(arguments.size() + 1);
        StringBuilder text = new StringBuilder(parts[0]);
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            text.append(argument instanceof String s ? "'" + s + "'" : argument).append(parts[i + 1]);
        }
        return text.toString();
    }
}
