package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The invalid examples of {@code examples/invalid/} with what {@code expected.json} says of each. */
public final class InvalidExamples {

    public static final String DIRECTORY = "examples/invalid/";

    /** One invalid example: its file, the record key to send it with, and the expected outcome. */
    public record InvalidExample(String file, String key, RejectReason reason, List<String> pointers, byte[] value) {

        public byte[] keyBytes() {
            return key.getBytes(StandardCharsets.UTF_8);
        }

        /** True when the value alone is valid and only its record key is wrong. */
        public boolean onlyTheKeyIsWrong() {
            return reason == RejectReason.KEY_MISMATCH;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private InvalidExamples() {
    }

    public static List<InvalidExample> all() {
        List<InvalidExample> examples = new ArrayList<>();
        for (JsonNode entry : readJson(DIRECTORY + "expected.json")) {
            List<String> pointers = new ArrayList<>();
            entry.get("pointers").forEach(pointer -> pointers.add(pointer.textValue()));
            String file = entry.get("file").textValue();
            examples.add(new InvalidExample(file, entry.get("key").textValue(),
                    RejectReason.valueOf(entry.get("reason").textValue()), List.copyOf(pointers), read(DIRECTORY + file)));
        }
        return examples;
    }

    static byte[] read(String resource) {
        try (InputStream in = InvalidExamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(String resource) {
        try {
            return new ObjectMapper().readTree(read(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
