package dev.chatlog.api.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Maps items (ascending seq) to Chat Completions messages. A tool call becomes an assistant message
 * with {@code tool_calls}, followed by a {@code tool} message with its result; calls sharing a
 * {@code message_id} with the assistant message or calls just before them merge into that message.
 * Pending calls are left out: the API refuses a call without a result. A window that starts inside
 * such a group (its assistant message or first calls cut off) drops the group's remaining calls, so
 * the model never sees results of a turn it only sees part of.
 */
final class ChatCompletions {

    private static final JsonFactory JSON = new JsonFactory();

    private ChatCompletions() {
    }

    /** The messages and the items they came from, after dropping a cut-off group at the start. */
    record Window(List<Item> kept, List<ChatMessage> messages) {
    }

    /**
     * @param items       a page of items in ascending seq order
     * @param predecessor the item just before the page, or null when there is none or it does not matter
     */
    static Window window(List<Item> items, Item predecessor) {
        String cutGroup = groupOf(predecessor);
        int start = 0;
        while (cutGroup != null && start < items.size() && items.get(start) instanceof ToolCall call
                && cutGroup.equals(call.messageId())) {
            start++;
        }
        List<Item> kept = items.subList(start, items.size());
        return new Window(kept, messages(kept));
    }

    /** Whether the window must look at the item before it: it starts with a call that may continue a group. */
    static boolean needsPredecessor(List<Item> items) {
        return !items.isEmpty() && items.getFirst().seq() > 1
                && items.getFirst() instanceof ToolCall call && call.messageId() != null;
    }

    static List<ChatMessage> messages(List<Item> items) {
        List<ChatMessage> out = new ArrayList<>();
        Turn turn = null;
        for (Item item : items) {
            switch (item) {
                case Message message -> {
                    flush(turn, out);
                    turn = null;
                    if (message.role().equals("assistant")) {
                        turn = new Turn(message.messageId(), message.content());
                    } else {
                        out.add(ChatMessage.of(message.role(), message.content()));
                    }
                }
                case ToolCall call -> {
                    if (call.isPending()) {
                        continue;
                    }
                    if (turn == null || call.messageId() == null || !call.messageId().equals(turn.messageId)) {
                        flush(turn, out);
                        turn = new Turn(call.messageId(), null);
                    }
                    turn.calls.add(call);
                }
            }
        }
        flush(turn, out);
        return out;
    }

    /** The group a predecessor leaves open: its message id if it is an assistant message or a call. */
    private static String groupOf(Item predecessor) {
        return switch (predecessor) {
            case null -> null;
            case Message m -> m.role().equals("assistant") ? m.messageId() : null;
            case ToolCall c -> c.messageId();
        };
    }

    private static void flush(Turn turn, List<ChatMessage> out) {
        if (turn == null) {
            return;
        }
        List<ChatMessage.FunctionCall> calls = turn.calls.stream()
                .map(c -> new ChatMessage.FunctionCall(c.toolCallId(), c.name(), c.arguments())).toList();
        out.add(new ChatMessage("assistant", turn.content, calls, null, false));
        for (ToolCall call : turn.calls) {
            out.add(ChatMessage.toolResult(call.toolCallId(), resultText(call), call.isError()));
        }
    }

    /** An error's text; otherwise the output as JSON text, or the string itself when the output is a JSON string. */
    static String resultText(ToolCall call) {
        if (call.isError()) {
            return Objects.requireNonNullElse(call.error(), "error");
        }
        String output = call.output();
        if (output == null) {
            return "null";
        }
        if (output.startsWith("\"")) {
            try (JsonParser parser = JSON.createParser(output)) {
                if (parser.nextToken() == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
            } catch (IOException e) {
                return output;
            }
        }
        return output;
    }

    /** An assistant message being assembled with the calls that belong to it. */
    private static final class Turn {
        final String messageId;
        final String content;
        final List<ToolCall> calls = new ArrayList<>();

        Turn(String messageId, String content) {
            this.messageId = messageId;
            this.content = content;
        }
    }
}
