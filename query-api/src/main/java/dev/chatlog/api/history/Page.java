package dev.chatlog.api.history;

import java.util.List;

/** One page of a list in the requested order; {@code hasMore} says whether more follow in the direction of travel. */
public record Page<T>(List<T> data, boolean hasMore) {
}
