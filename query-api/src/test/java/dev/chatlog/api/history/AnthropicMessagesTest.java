package dev.chatlog.api.history;

import static dev.chatlog.api.history.ChatCompletionsTest.call;
import static dev.chatlog.api.history.ChatCompletionsTest.message;
import static dev.chatlog.api.history.ChatCompletionsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.api.history.AnthropicMessages.Conversation;
import dev.chatlog.api.history.AnthropicMessages.Text;
import dev.chatlog.api.history.AnthropicMessages.ToolResult;
import dev.chatlog.api.history.AnthropicMessages.ToolUse;
import dev.chatlog.api.history.AnthropicMessages.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    private static Conversation of(Item... items) {
        return AnthropicMessages.of(ChatCompletions.messages(List.of(items)));
    }

    @Test
    void putsToolUseOnTheAssistantTurnAndToolResultsOnTheNextUserTurn() {
        Conversation conversation = of(message(1, "u1", "user", "add milk"), message(2, "a1", "assistant", "Adding."),
                ok(3, "call_1", "a1"), call(4, "call_2", "a1", "error", null, "full"), message(5, "u2", "user", "thanks"));
        assertThat(conversation.messages()).containsExactly(
                new Turn("user", List.of(new Text("add milk"))),
                new Turn("assistant", List.of(new Text("Adding."),
                        new ToolUse("call_1", "add_task", "{\"title\": \"milk\"}"),
                        new ToolUse("call_2", "add_task", "{\"title\": \"milk\"}"))),
                new Turn("user", List.of(new ToolResult("call_1", "{\"id\": 3}", false),
                        new ToolResult("call_2", "full", true), new Text("thanks"))));
    }

    @Test
    void mergesConsecutiveTurnsOfOneRole() {
        Conversation conversation = of(message(1, "u1", "user", "one"), message(2, "u2", "user", "two"),
                message(3, "a1", "assistant", "three"), message(4, "a2", "assistant", "four"));
        assertThat(conversation.messages()).containsExactly(
                new Turn("user", List.of(new Text("one"), new Text("two"))),
                new Turn("assistant", List.of(new Text("three"), new Text("four"))));
    }

    @Test
    void resultsOfOneGroupComeBeforeTheCallsOfTheNext() {
        Conversation conversation = of(ok(1, "call_1", "a1"), ok(2, "call_2", "a2"));
        assertThat(conversation.messages()).extracting(Turn::role).containsExactly("assistant", "user", "assistant", "user");
    }

    @Test
    void leavesPendingCallsAndEmptyAssistantTextOut() {
        Conversation conversation = of(message(1, "u1", "user", "list"), message(2, "a1", "assistant", ""),
                call(3, "call_1", "a1", "pending", null, null));
        assertThat(conversation.messages()).containsExactly(new Turn("user", List.of(new Text("list"))));
    }

    @Test
    void returnsSystemMessagesApartInOrder() {
        Conversation conversation = of(message(1, "s1", "system", "be brief"), message(2, "u1", "user", "hi"),
                message(3, "s2", "system", "use metric units"));
        assertThat(conversation.system()).containsExactly("be brief", "use metric units");
        assertThat(conversation.messages()).containsExactly(new Turn("user", List.of(new Text("hi"))));
    }
}
