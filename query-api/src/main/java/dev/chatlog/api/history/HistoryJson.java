package dev.chatlog.api.history;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.api.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The JSON bodies of the history endpoints: lists are {@code {data, first_id, last_id, has_more}}. */
final class HistoryJson {

    private HistoryJson() {
    }

    static byte[] conversation(Conversation conversation) {
        return Json.write(out -> write(out, conversation));
    }

    static byte[] conversations(Page<Conversation> page) {
        return list("data", page, c -> CursorCodec.conversation(c.lastActivityAt(), c.id()), HistoryJson::write);
    }

    static byte[] items(Page<Item> page) {
        return list("data", page, i -> CursorCodec.item(i.seq()), HistoryJson::write);
    }

    /** {@code {messages, first_id, last_id, has_more}}: the cursors of the first kept and last item. */
    static byte[] chatCompletions(ChatCompletions.Window window, boolean hasMore) {
        List<Item> kept = window.kept();
        return Json.write(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("messages");
            for (ChatMessage message : window.messages()) {
                write(out, message);
            }
            out.writeEndArray();
            Json.field(out, "first_id", kept.isEmpty() ? null : CursorCodec.item(kept.getFirst().seq()));
            Json.field(out, "last_id", kept.isEmpty() ? null : CursorCodec.item(kept.getLast().seq()));
            out.writeBooleanField("has_more", hasMore);
            out.writeEndObject();
        });
    }

    /** {@code {system, messages, first_id, last_id, has_more}} in the Anthropic Messages format. */
    static byte[] anthropicMessages(ChatCompletions.Window window, boolean hasMore) {
        List<Item> kept = window.kept();
        AnthropicMessages.Conversation conversation = AnthropicMessages.of(window.messages());
        return Json.write(out -> {
            out.writeStartObject();
            Json.field(out, "system", conversation.system().isEmpty() ? null : String.join("\n\n", conversation.system()));
            out.writeArrayFieldStart("messages");
            for (AnthropicMessages.Turn turn : conversation.messages()) {
                out.writeStartObject();
                out.writeStringField("role", turn.role());
                out.writeArrayFieldStart("content");
                for (AnthropicMessages.Block block : turn.content()) {
                    write(out, block);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            Json.field(out, "first_id", kept.isEmpty() ? null : CursorCodec.item(kept.getFirst().seq()));
            Json.field(out, "last_id", kept.isEmpty() ? null : CursorCodec.item(kept.getLast().seq()));
            out.writeBooleanField("has_more", hasMore);
            out.writeEndObject();
        });
    }

    /** Tool calls across conversations: each the item of {@code /items} with its {@code conversation_id}. */
    static byte[] toolCalls(Page<ToolCallHit> page) {
        return list("data", page, h -> CursorCodec.timedItem(CursorCodec.TOOL_CALL, h.call().requestedAt(),
                h.conversationId(), h.call().seq()), (out, hit) -> write(out, hit.call(), hit.conversationId()));
    }

    static byte[] searchHits(Page<SearchHit> page) {
        return list("data", page, h -> CursorCodec.timedItem(CursorCodec.SEARCH_HIT, h.createdAt(), h.conversationId(),
                h.seq()), HistoryJson::write);
    }

    private interface Writer<T> {
        void write(JsonGenerator out, T value) throws IOException;
    }

    private static <T> byte[] list(String field, Page<T> page, Function<T, String> cursor, Writer<T> writer) {
        List<T> data = page.data();
        return Json.write(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart(field);
            for (T value : data) {
                writer.write(out, value);
            }
            out.writeEndArray();
            Json.field(out, "first_id", data.isEmpty() ? null : cursor.apply(data.getFirst()));
            Json.field(out, "last_id", data.isEmpty() ? null : cursor.apply(data.getLast()));
            out.writeBooleanField("has_more", page.hasMore());
            out.writeEndObject();
        });
    }

    private static void write(JsonGenerator out, Conversation c) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", c.id());
        Json.field(out, "title", c.title());
        time(out, "created_at", c.createdAt());
        time(out, "last_activity_at", c.lastActivityAt());
        out.writeNumberField("item_count", c.itemCount());
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, Item item) throws IOException {
        write(out, item, null);
    }

    private static void write(JsonGenerator out, Item item, String conversationId) throws IOException {
        out.writeStartObject();
        if (conversationId != null) {
            out.writeStringField("conversation_id", conversationId);
        }
        out.writeNumberField("seq", item.seq());
        switch (item) {
            case Message m -> {
                out.writeStringField("type", "message");
                out.writeStringField("message_id", m.messageId());
                out.writeStringField("role", m.role());
                out.writeStringField("content", m.content());
                time(out, "created_at", m.createdAt());
            }
            case ToolCall t -> {
                out.writeStringField("type", "tool_call");
                out.writeStringField("tool_call_id", t.toolCallId());
                Json.field(out, "message_id", t.messageId());
                out.writeStringField("name", t.name());
                Json.rawField(out, "arguments", t.arguments());
                out.writeStringField("status", t.status());
                Json.rawField(out, "output", t.output());
                Json.field(out, "error", t.error());
                time(out, "requested_at", t.requestedAt());
                time(out, "completed_at", t.completedAt());
            }
        }
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, ChatMessage m) throws IOException {
        out.writeStartObject();
        out.writeStringField("role", m.role());
        Json.field(out, "content", m.content());
        if (!m.toolCalls().isEmpty()) {
            out.writeArrayFieldStart("tool_calls");
            for (ChatMessage.FunctionCall call : m.toolCalls()) {
                out.writeStartObject();
                out.writeStringField("id", call.id());
                out.writeStringField("type", "function");
                out.writeObjectFieldStart("function");
                out.writeStringField("name", call.name());
                out.writeStringField("arguments", call.arguments());
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (m.toolCallId() != null) {
            out.writeStringField("tool_call_id", m.toolCallId());
        }
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, SearchHit hit) throws IOException {
        out.writeStartObject();
        out.writeStringField("conversation_id", hit.conversationId());
        out.writeNumberField("seq", hit.seq());
        out.writeStringField("type", "message");
        out.writeStringField("message_id", hit.messageId());
        out.writeStringField("role", hit.role());
        time(out, "created_at", hit.createdAt());
        out.writeStringField("snippet", hit.snippet());
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, AnthropicMessages.Block block) throws IOException {
        out.writeStartObject();
        switch (block) {
            case AnthropicMessages.Text text -> {
                out.writeStringField("type", "text");
                out.writeStringField("text", text.text());
            }
            case AnthropicMessages.ToolUse use -> {
                out.writeStringField("type", "tool_use");
                out.writeStringField("id", use.id());
                out.writeStringField("name", use.name());
                Json.rawField(out, "input", use.input());
            }
            case AnthropicMessages.ToolResult result -> {
                out.writeStringField("type", "tool_result");
                out.writeStringField("tool_use_id", result.toolUseId());
                out.writeStringField("content", result.content());
                out.writeBooleanField("is_error", result.isError());
            }
        }
        out.writeEndObject();
    }

    private static void time(JsonGenerator out, String name, Instant at) throws IOException {
        Json.field(out, name, at == null ? null : at.toString());
    }
}
