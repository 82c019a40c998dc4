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
        out.writeStartObject();
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

    private static void time(JsonGenerator out, String name, Instant at) throws IOException {
        Json.field(out, name, at == null ? null : at.toString());
    }
}
