package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    static Message message(long seq, String id, String role, String content) {
        return new Message(seq, id, role, content, Instant.EPOCH);
    }

    static ToolCall call(long seq, String callId, String messageId, String status, String output, String error) {
        return new ToolCall(seq, callId, messageId, "add_task", "{\"title\": \"milk\"}", status, output, error,
                Instant.EPOCH, status.equals("pending") ? null : Instant.EPOCH);
    }

    static ToolCall ok(long seq, String callId, String messageId) {
        return call(seq, callId, messageId, "ok", "{\"id\": " + seq + "}", null);
    }

    @Test
    void mapsMessagesToRoleAndContent() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(message(1, "s", "system", "be brief"),
                message(2, "u", "user", "hi"), message(3, "a", "assistant", "hello")));
        assertThat(messages).containsExactly(ChatMessage.of("system", "be brief"), ChatMessage.of("user", "hi"),
                new ChatMessage("assistant", "hello", List.of(), null, false));
    }

    @Test
    void mergesToolCallsIntoTheAssistantMessageTheyBelongToFollowedByTheirResults() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(message(1, "u", "user", "add milk and eggs"),
                message(2, "a", "assistant", "Adding both."), ok(3, "call_1", "a"), ok(4, "call_2", "a"),
                message(5, "a2", "assistant", "Done.")));
        assertThat(messages).containsExactly(
                ChatMessage.of("user", "add milk and eggs"),
                new ChatMessage("assistant", "Adding both.", List.of(
                        new ChatMessage.FunctionCall("call_1", "add_task", "{\"title\": \"milk\"}"),
                        new ChatMessage.FunctionCall("call_2", "add_task", "{\"title\": \"milk\"}")), null, false),
                ChatMessage.toolResult("call_1", "{\"id\": 3}", false),
                ChatMessage.toolResult("call_2", "{\"id\": 4}", false),
                new ChatMessage("assistant", "Done.", List.of(), null, false));
    }

    @Test
    void groupsCallsSharingAMessageIdWithoutItsMessageIntoOneAssistantMessageWithoutContent() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(ok(1, "c1", "m"), ok(2, "c2", "m")));
        assertThat(messages).hasSize(3);
        assertThat(messages.getFirst().content()).isNull();
        assertThat(messages.getFirst().toolCalls()).extracting(ChatMessage.FunctionCall::id).containsExactly("c1", "c2");
    }

    @Test
    void givesEveryCallWithoutAMessageIdOrOfAnotherMessageItsOwnAssistantMessage() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(message(1, "a", "assistant", "text"),
                ok(2, "c1", null), ok(3, "c2", null), ok(4, "c3", "other")));
        assertThat(messages).extracting(ChatMessage::role)
                .containsExactly("assistant", "assistant", "tool", "assistant", "tool", "assistant", "tool");
        assertThat(messages.getFirst().toolCalls()).isEmpty();
    }

    @Test
    void doesNotMergeACallIntoItsMessageAcrossAnotherMessage() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(message(1, "a", "assistant", "text"),
                message(2, "u", "user", "wait"), ok(3, "c1", "a")));
        assertThat(messages).extracting(ChatMessage::role).containsExactly("assistant", "user", "assistant", "tool");
    }

    @Test
    void leavesOutPendingCalls() {
        List<ChatMessage> messages = ChatCompletions.messages(List.of(message(1, "a", "assistant", "on it"),
                call(2, "c1", "a", "pending", null, null), ok(3, "c2", "a")));
        assertThat(messages).hasSize(2);
        assertThat(messages.getFirst().toolCalls()).extracting(ChatMessage.FunctionCall::id).containsExactly("c2");
        assertThat(ChatCompletions.messages(List.of(call(1, "c1", null, "pending", null, null)))).isEmpty();
    }

    @Test
    void turnsResultsIntoToolMessageContent() {
        assertThat(ChatCompletions.resultText(call(1, "c", null, "error", null, "no such task"))).isEqualTo("no such task");
        assertThat(ChatCompletions.resultText(call(1, "c", null, "error", null, null))).isEqualTo("error");
        assertThat(ChatCompletions.resultText(call(1, "c", null, "ok", "\"done \\\"now\\\"\"", null))).isEqualTo("done \"now\"");
        assertThat(ChatCompletions.resultText(call(1, "c", null, "ok", "[1, 2]", null))).isEqualTo("[1, 2]");
        assertThat(ChatCompletions.resultText(call(1, "c", null, "ok", null, null))).isEqualTo("null");
    }

    @Test
    void dropsLeadingCallsOfAGroupWhoseStartTheWindowCutOff() {
        List<Item> page = List.of(ok(10, "c2", "a"), ok(11, "c3", "a"), message(12, "a2", "assistant", "Done."),
                message(13, "u", "user", "thanks"));
        ChatCompletions.Window window = ChatCompletions.window(page, message(9, "a", "assistant", "Adding three."));
        assertThat(window.kept()).extracting(Item::seq).containsExactly(12L, 13L);
        assertThat(window.messages()).extracting(ChatMessage::role).containsExactly("assistant", "user");
        ChatCompletions.Window afterACall = ChatCompletions.window(page, ok(9, "c1", "a"));
        assertThat(afterACall.kept()).extracting(Item::seq).containsExactly(12L, 13L);
    }

    @Test
    void keepsLeadingCallsWhenTheItemBeforeTheWindowIsNotOfTheirGroup() {
        List<Item> page = List.of(ok(10, "c1", "a"), message(11, "u", "user", "ok"));
        assertThat(ChatCompletions.window(page, message(9, "u0", "user", "go")).kept()).hasSize(2);
        assertThat(ChatCompletions.window(page, ok(9, "c0", "b")).kept()).hasSize(2);
        assertThat(ChatCompletions.window(page, null).kept()).hasSize(2);
    }

    @Test
    void needsThePredecessorOnlyWhenAWindowStartsMidConversationWithAGroupedCall() {
        assertThat(ChatCompletions.needsPredecessor(List.of(ok(5, "c", "a")))).isTrue();
        assertThat(ChatCompletions.needsPredecessor(List.of(ok(1, "c", "a")))).isFalse();
        assertThat(ChatCompletions.needsPredecessor(List.of(ok(5, "c", null)))).isFalse();
        assertThat(ChatCompletions.needsPredecessor(List.of(message(5, "m", "user", "x")))).isFalse();
        assertThat(ChatCompletions.needsPredecessor(List.of())).isFalse();
    }
}
