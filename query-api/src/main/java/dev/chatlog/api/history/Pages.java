package dev.chatlog.api.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turns the rows of a scan (one more than the limit, to tell whether more follow) into a page. */
final class Pages {

    private Pages() {
    }

    static <T> Page<T> of(List<T> rows, Paging<?> paging) {
        boolean hasMore = rows.size() > paging.limit();
        List<T> data = hasMore ? new ArrayList<>(rows.subList(0, paging.limit())) : rows;
        if (paging.backwards()) {
            Collections.reverse(data);
        }
        return new Page<>(data, hasMore);
    }
}
