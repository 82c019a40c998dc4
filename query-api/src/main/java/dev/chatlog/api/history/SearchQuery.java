package dev.chatlog.api.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.api.history.CursorCodec.TimedItemKey;
import dev.chatlog.event.IdentifierRule;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import java.util.List;
import java.util.Set;

/**
 * A search request as the request document of the database function {@code search_messages}
 * (migration V5). Hits come newest first; {@code after} continues past a hit, so pages stay stable
 * while new messages arrive.
 */
final class SearchQuery {

    static final List<String> PARAMETERS = List.of("q", "role", "conversation_id", "limit", "after");
    static final int MAX_QUERY_LENGTH = 1000;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");

    private SearchQuery() {
    }

    record Parsed(String q, Paging<TimedItemKey> paging, ObjectNode document) {
    }

    static Parsed parse(Request request, ParameterCheck check) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        String q = request.parameter("q");
        if (q == null || q.isBlank()) {
            check.refuse("q", "is required: the words to search for");
        } else if (q.length() > MAX_QUERY_LENGTH) {
            check.refuse("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        } else if (q.indexOf('\0') >= 0) {
            check.refuse("q", "must not contain the character U+0000");
        } else if (q.codePoints().noneMatch(Character::isLetterOrDigit)) {
            check.refuse("q", "must contain at least one word");
        } else {
            r.put("q", q);
        }
        String role = check.get(() -> request.choiceParameter("role", null, ROLES), null);
        if (role != null) {
            r.put("role", role);
        }
        String conversation = request.parameter("conversation_id");
        if (conversation != null) {
            String problem = IdentifierRule.v1().problem(conversation);
            if (problem != null) {
                check.refuse("conversation_id", problem);
            } else {
                r.put("conversation_id", conversation);
            }
        }
        Paging<TimedItemKey> paging = Paging.parse(request, check, "desc",
                cursor -> CursorCodec.decodeTimedItem(cursor, CursorCodec.SEARCH_HIT));
        TimedItemKey bound = paging.bound();
        if (bound != null) {
            r.putArray("after").add(bound.at().toString()).add(bound.conversationId()).add(bound.seq());
        }
        r.put("limit", paging.limit() + 1);
        return new Parsed(q, paging, r);
    }
}
