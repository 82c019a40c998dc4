package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifierRuleTest {

    private final IdentifierRule rule = IdentifierRule.v1();

    @Test
    void acceptsTheIdsOfAuthAndModelProviders() {
        assertThat(rule.accepts("auth0|abc")).isTrue();
        assertThat(rule.accepts("toolu_01A09q90qw90lq917835lq9")).isTrue();
        assertThat(rule.accepts("Xq7bT2mLp9RzK4vW8cN1dF6hJ3sA5yGe")).isTrue();
        assertThat(rule.accepts("x".repeat(128))).isTrue();
    }

    @Test
    void refusesWhatTheEnvelopeSchemaRefuses() {
        assertThat(rule.problem("")).isEqualTo("must be 1 to 128 characters");
        assertThat(rule.problem("x".repeat(129))).isEqualTo("must be 1 to 128 characters");
        for (String bad : new String[] {"a\u0000b", "x\ud800", "\ud83d\ude00", "a b", "a/b", "a%00", "abc\n", "é"}) {
            assertThat(rule.problem(bad)).as(bad).isEqualTo("may only contain the characters A-Z a-z 0-9 . _ : @ | = + -");
        }
    }

    @Test
    void agreesWithTheEventParserOnConversationIds() {
        EventParser parser = new EventParser();
        for (String id : new String[] {"conv-1", "a\u0000b", "x\ud800", "a b", "x".repeat(129), "auth0|x"}) {
            String event = "{\"event_id\":\"3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0c\",\"type\":\"conversation.created\","
                    + "\"user_id\":\"u1\",\"conversation_id\":" + quote(id) + ",\"occurred_at\":\"2025-06-13T09:15:02Z\","
                    + "\"data\":{}}";
            boolean parsed = parser.parseValue(event.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    instanceof ParseResult.Parsed;
            assertThat(rule.accepts(id)).as(id).isEqualTo(parsed);
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
