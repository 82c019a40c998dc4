package dev.chatlog.api.db;

import java.util.ArrayList;
import java.util.List;

/**
 * One read exactly as the API sends it: the scope statement and the query, sent together as one
 * command in one round trip, with their arguments in bind order. Benchmarks run it to measure the
 * API's own SQL rather than a copy that could fall behind.
 *
 * @param scopeSql        the statement that sets role, user and search path, transaction-local
 * @param querySql        the query, with {@code ?} placeholders
 * @param scopeArguments  the arguments of {@code scopeSql}, in bind order
 * @param queryArguments  the arguments of {@code querySql}, in bind order (none is null)
 */
public record SqlCall(String scopeSql, String querySql, List<Object> scopeArguments, List<Object> queryArguments) {

    public SqlCall {
        scopeArguments = List.copyOf(scopeArguments);
        queryArguments = List.copyOf(queryArguments);
    }

    /** The command as sent: the scope statement, then the query. */
    public String sql() {
        return command(scopeSql, querySql);
    }

    /** Every argument of {@link #sql()}, in bind order. */
    public List<Object> arguments() {
        List<Object> all = new ArrayList<>(scopeArguments.size() + queryArguments.size());
        all.addAll(scopeArguments);
        all.addAll(queryArguments);
        return List.copyOf(all);
    }

    static String command(String scopeSql, String querySql) {
        return scopeSql + ";\n" + querySql;
    }
}
