package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The rule every identifier of the event contract follows ({@code user_id}, {@code conversation_id},
 * {@code message_id}, {@code tool_call_id}), read from the envelope schema's {@code $defs/id} so that
 * readers of the contract, such as the query API checking its path parameters, cursors and token
 * subjects, accept exactly what producers may write.
 */
public final class IdentifierRule {

    private static final IdentifierRule V1 = fromEnvelope(EventSchemas.fromClasspath(EventSchemas.BASE_ID
            + "envelope.schema.json"));

    private final int minLength;
    private final int maxLength;
    private final Pattern pattern;
    private final String alphabet;

    private IdentifierRule(int minLength, int maxLength, Pattern pattern, String alphabet) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.alphabet = alphabet;
    }

    /** The identifier rule of the version 1 schemas. */
    public static IdentifierRule v1() {
        return V1;
    }

    static IdentifierRule fromEnvelope(String envelopeSchema) {
        JsonNode id;
        try {
            id = EventJson.MAPPER.readTree(envelopeSchema).path("$defs").path("id");
        } catch (IOException e) {
            throw new UncheckedIOException("the envelope schema does not parse", e);
        }
        if (!id.path("minLength").isInt() || !id.path("maxLength").isInt() || !id.path("pattern").isTextual()) {
            throw new IllegalStateException("the envelope schema's $defs/id lacks minLength, maxLength or pattern");
        }
        return new IdentifierRule(id.get("minLength").intValue(), id.get("maxLength").intValue(),
                Pattern.compile(id.get("pattern").textValue()),
                id.path("errorMessage").path("pattern").asText("must match " + id.get("pattern").textValue()));
    }

    public int maxLength() {
        return maxLength;
    }

    /** Why {@code value} is not an identifier, as a phrase such as "must be 1 to 128 characters", or null when it is one. */
    public String problem(String value) {
        if (value == null) {
            return "is required";
        }
        int length = value.codePointCount(0, value.length());
        if (length < minLength || length > maxLength) {
            return "must be " + minLength + " to " + maxLength + " characters";
        }
        if (!pattern.matcher(value).matches()) {
            return alphabet;
        }
        return null;
    }

    public boolean accepts(String value) {
        return problem(value) == null;
    }
}
