package dev.chatlog.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes events as their canonical JSON: snake_case, envelope fields in a fixed order, absent
 * optional fields left out, {@code occurred_at} in UTC. The same mapper reads records in {@link EventParser}.
 */
public final class EventJson {

    /**
     * Duplicate keys are rejected so that no reader can see a different event than the one
     * validated; floats stay exact decimals because tool arguments and output are stored verbatim.
     */
    static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * {@link #MAPPER} for {@link StreamingEventReader}, which rejects duplicate keys itself: the
     * envelope's and {@code data}'s fields by the bits it keeps of which it has read, and the keys of
     * the trees it builds ({@code arguments}, {@code output}) as the tree adds them. Jackson's own
     * detection, which {@link #MAPPER} keeps for the JSON Schema path, fills a hash set for every
     * object of three keys or more: two per event, on the hottest path of the worker.
     */
    static final ObjectMapper STREAMING = MAPPER.rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private EventJson() {
    }

    /** The canonical JSON of {@code event} as UTF-8. Null fields are left out, for the schema to judge. */
    public static byte[] write(ChatEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            text(json, "event_id", event.eventId());
            text(json, "type", event.type());
            text(json, "user_id", event.userId());
            text(json, "conversation_id", event.conversationId());
            text(json, "occurred_at", event.occurredAt() == null ? null : event.occurredAt().toString());
            json.writeObjectFieldStart("data");
            writeData(json, event);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write event " + event.eventId(), e);
        }
        return out.toByteArray();
    }

    private static void writeData(JsonGenerator json, ChatEvent event) throws IOException {
        switch (event) {
            case ConversationCreated created -> text(json, "title", created.title());
            case ConversationRenamed renamed -> text(json, "title", renamed.title());
            case ConversationDeleted deleted -> { }
            case MessageCreated message -> {
                text(json, "message_id", message.messageId());
                text(json, "role", message.role() == null ? null : message.role().json());
                text(json, "content", message.content());
            }
            case ToolCallRequested requested -> {
                text(json, "tool_call_id", requested.toolCallId());
                text(json, "name", requested.name());
                tree(json, "arguments", requested.arguments());
                text(json, "message_id", requested.messageId());
            }
            case ToolCallCompleted completed -> {
                text(json, "tool_call_id", completed.toolCallId());
                text(json, "status", completed.status() == null ? null : completed.status().json());
                tree(json, "output", completed.output());
                text(json, "error", completed.error());
            }
            case UserErased erased -> { }
        }
    }

    private static void text(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void tree(JsonGenerator json, String field, JsonNode value) throws IOException {
        if (value != null) {
            json.writeFieldName(field);
            MAPPER.writeTree(json, value);
        }
    }

    /** Reads one JSON document; null when the bytes hold nothing but whitespace. */
    static JsonNode read(byte[] value) throws IOException {
        return read(value, 0, value.length);
    }

    /** Reads one JSON document from {@code length} bytes at {@code offset}; null when they hold nothing but whitespace. */
    static JsonNode read(byte[] buffer, int offset, int length) throws IOException {
        JsonNode node = MAPPER.readTree(buffer, offset, length);
        return node == null || node.isMissingNode() ? null : node;
    }

    /** The length in bytes of {@code node} written as compact UTF-8 JSON. */
    static long serializedSize(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try (JsonGenerator json = MAPPER.createGenerator(counter)) {
            MAPPER.writeTree(json, node);
        } catch (IOException e) {
            throw new UncheckedIOException("could not measure a JSON value", e);
        }
        return counter.count;
    }

    private static final class ByteCounter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
