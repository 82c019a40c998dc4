package dev.chatlog.bench.api;

import java.util.List;

/**
 * Turns a statement with {@code ?} placeholders into the text a pgbench script sends: pgbench
 * expressions where the script picks a value, SQL literals for the fixed arguments.
 */
final class PgBenchSql {

    private PgBenchSql() {
    }

    /**
     * {@code sql} with each placeholder replaced by its argument from {@code arguments}: an argument
     * that is one of {@code expressions} as it is, a string as a quoted literal, an integer as a number.
     */
    static String inline(String sql, List<Object> arguments, List<String> expressions) {
        StringBuilder text = new StringBuilder(sql.length() + 32 * arguments.size());
        int next = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c != '?' || quoted) {
                text.append(c);
                continue;
            }
            if (next == arguments.size()) {
                throw new IllegalArgumentException("more placeholders than the " + arguments.size()
                        + " arguments in: " + sql);
            }
            Object argument = arguments.get(next++);
            text.append(expressions.contains(argument) ? argument : literal(argument));
        }
        if (next < arguments.size()) {
            throw new IllegalArgumentException(next + " placeholders for " + arguments.size() + " arguments in: "
                    + sql);
        }
        return text.toString();
    }

    private static String literal(Object argument) {
        return switch (argument) {
            case String s -> "'" + s.replace("'", "''") + "'";
            case Integer n -> n.toString();
            case Long n -> n.toString();
            default -> throw new IllegalArgumentException("no pgbench literal for a " + argument.getClass().getName());
        };
    }
}
