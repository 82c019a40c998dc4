package dev.chatlog.api.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSONB containment filter given as a query parameter: a JSON object with at least one member.
 * Numbers keep their exact value, and a member named twice is refused rather than silently
 * resolved, since PostgreSQL would keep only the last one.
 */
final class JsonFilter {

    static final int MAX_LENGTH = 8192;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonFilter() {
    }

    /** @throws IllegalArgumentException with a plain reason when {@code text} is not a usable filter */
    static ObjectNode parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("must be a JSON object, such as {\"task_id\": 7}");
        }
        if (node.isEmpty()) {
            throw new IllegalArgumentException("must name at least one member; {} matches every call");
        }
        if (text.contains("\\u0000")) {
            throw new IllegalArgumentException("must not contain the character U+0000");
        }
        return (ObjectNode) node;
    }
}
