package dev.chatlog.api.history;

import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import java.util.Set;
import java.util.function.Function;

/**
 * A list request as the scan that answers it. {@code after} continues in the requested order past
 * a cursor; {@code before} returns the page that precedes a cursor, so it scans the other way and
 * the rows are turned round ({@code backwards}) to be shown in the requested order.
 *
 * @param descending the direction of the index scan
 * @param bound      the exclusive keyset bound of the scan, null from the start
 */
record Paging<K>(int limit, boolean descending, K bound, boolean backwards) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Set<String> ORDERS = Set.of("asc", "desc");

    /** The first page, as a request without a cursor asks for it. */
    static <K> Paging<K> first(int limit, boolean descending) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
        return new Paging<>(limit, descending, null, false);
    }

    static <K> Paging<K> parse(Request request, ParameterCheck check, String defaultOrder, Function<String, K> decoder) {
        int limit = check.get(() -> request.intParameter("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), DEFAULT_LIMIT);
        String order = check.get(() -> request.choiceParameter("order", defaultOrder, ORDERS), defaultOrder);
        String after = request.parameter("after");
        String before = request.parameter("before");
        if (after != null && before != null) {
            check.refuse("before", "cannot be combined with after");
            return new Paging<>(limit, order.equals("desc"), null, false);
        }
        String name = after != null ? "after" : "before";
        String cursor = after != null ? after : before;
        K bound = null;
        if (cursor != null) {
            try {
                bound = decoder.apply(cursor);
            } catch (IllegalArgumentException e) {
                check.refuse(name, e.getMessage());
            }
        }
        boolean backwards = before != null;
        return new Paging<>(limit, order.equals("desc") != backwards, bound, backwards);
    }
}
