package dev.chatlog.api.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.api.history.CursorCodec.TimedItemKey;
import dev.chatlog.event.IdentifierRule;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request for a user's tool calls across conversations, as the request document of the
 * database function {@code find_tool_calls} (migration V5): every filter that was given, the
 * keyset bound, the direction and the number of rows to fetch.
 */
final class ToolCallQuery {

    static final List<String> PARAMETERS = List.of("name", "status", "conversation_id", "since", "until",
            "arguments_contains", "output_contains", "limit", "after", "before", "order");
    private static final Set<String> STATUSES = Set.of("pending", "ok", "error");
    /** The event schema's rule for a tool's name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ToolCallQuery() {
    }

    /** The paging and the request document, or a 400 naming every bad parameter. */
    record Parsed(Paging<TimedItemKey> paging, ObjectNode document) {
    }

    static Parsed parse(Request request, ParameterCheck check) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        String name = request.parameter("name");
        if (name != null) {
            if (NAME.matcher(name).matches()) {
                r.put("name", name);
            } else {
                check.refuse("name", "must be 1 to 64 characters of A-Z a-z 0-9 _ . -");
            }
        }
        String status = check.get(() -> request.choiceParameter("status", null, STATUSES), null);
        if (status != null) {
            r.put("status", status);
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
        time(request, check, "since", r);
        time(request, check, "until", r);
        ObjectNode contains = JsonNodeFactory.instance.objectNode();
        filter(request, check, "arguments_contains", "a", contains);
        filter(request, check, "output_contains", "o", contains);
        if (!contains.isEmpty()) {
            r.set("contains", contains);
        }
        Paging<TimedItemKey> paging = Paging.parse(request, check, "desc",
                cursor -> CursorCodec.decodeTimedItem(cursor, CursorCodec.TOOL_CALL));
        r.put("descending", paging.descending());
        TimedItemKey bound = paging.bound();
        if (bound != null) {
            r.putArray("after").add(bound.at().toString()).add(bound.conversationId()).add(bound.seq());
        }
        r.put("limit", paging.limit() + 1);
        return new Parsed(paging, r);
    }

    private static void time(Request request, ParameterCheck check, String parameter, ObjectNode r) {
        String value = request.parameter(parameter);
        if (value == null) {
            return;
        }
        try {
            Instant at = OffsetDateTime.parse(value).toInstant();
            r.put(parameter, at.toString());
        } catch (DateTimeParseException e) {
            check.refuse(parameter, "must be an RFC 3339 timestamp such as 2026-11-23T10:00:00Z");
        }
    }

    private static void filter(Request request, ParameterCheck check, String parameter, String key,
                               ObjectNode contains) {
        String value = request.parameter(parameter);
        if (value == null) {
            return;
        }
        try {
            contains.set(key, JsonFilter.parse(value));
        } catch (IllegalArgumentException e) {
            check.refuse(parameter, e.getMessage());
        }
    }
}
