package dev.chatlog.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes response bodies with Jackson's streaming generator: the JSON shape is spelled out where it is built. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Writes one JSON document. */
    @FunctionalInterface
    public interface Body {
        void writeTo(JsonGenerator out) throws IOException;
    }

    public static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a response body", e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code name: value}, or {@code name: null} when the value is null. */
    public static void field(JsonGenerator out, String name, String value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            out.writeStringField(name, value);
        }
    }

    /** Writes {@code name: <json>}, where {@code json} is already valid JSON text (e.g. from a jsonb column). */
    public static void rawField(JsonGenerator out, String name, String json) throws IOException {
        out.writeFieldName(name);
        if (json == null) {
            out.writeNull();
        } else {
            out.writeRawValue(json);
        }
    }
}
