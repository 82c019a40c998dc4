package dev.chatlog.worker.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored messages and tool calls a batch looks up before it plans, as its events'
 * {@link EventEffect#lookUp(ItemLookups)} ask: with {@code allIds} every id of the batch's stored
 * conversations, otherwise only the tool calls that completions need and the batch does not
 * request itself ({@code requested}).
 */
record ItemLookups(boolean allIds, List<ItemKey> messages, List<ItemKey> toolCalls, Set<ItemKey> requested) {

    ItemLookups(boolean allIds) {
        this(allIds, new ArrayList<>(), new ArrayList<>(), new HashSet<>());
    }
}
