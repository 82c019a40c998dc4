package dev.chatlog.api.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps Chat Completions messages (see {@link ChatCompletions}, which groups calls and leaves pending
 * ones out) to Anthropic Messages API turns: an assistant message becomes a text block and one
 * {@code tool_use} block per call; its results become {@code tool_result} blocks of the next user
 * turn; consecutive turns of one role merge into one, as that API requires. The API takes system
 * prompts outside the messages, so system messages are returned apart, in order.
 */
final class AnthropicMessages {

    private AnthropicMessages() {
    }

    /** One content block. */
    sealed interface Block permits Text, ToolUse, ToolResult {
    }

    record Text(String text) implements Block {
    }

    /** {@code input} is the call's arguments as JSON text (an object). */
    record ToolUse(String id, String name, String input) implements Block {
    }

    record ToolResult(String toolUseId, String content, boolean isError) implements Block {
    }

    record Turn(String role, List<Block> content) {
    }

    /** The turns, and the texts of the system messages. */
    record Conversation(List<String> system, List<Turn> messages) {
    }

    static Conversation of(List<ChatMessage> messages) {
        List<String> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            switch (message.role()) {
                case "system" -> system.add(message.content());
                case "tool" -> add(turns, "user",
                        new ToolResult(message.toolCallId(), message.content(), message.failed()));
                case "assistant" -> {
                    if (message.content() != null && !message.content().isEmpty()) {
                        add(turns, "assistant", new Text(message.content()));
                    }
                    for (ChatMessage.FunctionCall call : message.toolCalls()) {
                        add(turns, "assistant", new ToolUse(call.id(), call.name(), call.arguments()));
                    }
                }
                default -> add(turns, message.role(), new Text(message.content()));
            }
        }
        return new Conversation(system, turns);
    }

    private static void add(List<Turn> turns, String role, Block block) {
        if (turns.isEmpty() || !turns.getLast().role().equals(role)) {
            turns.add(new Turn(role, new ArrayList<>()));
        }
        turns.getLast().content().add(block);
    }
}
