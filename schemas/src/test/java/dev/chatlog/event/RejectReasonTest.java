package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectReasonTest {

    @Test
    void spellsEveryCodeInLowerKebabCase() {
        assertThat(RejectReason.INVALID_JSON.code()).isEqualTo("invalid-json");
        assertThat(RejectReason.SCHEMA_VIOLATION.code()).isEqualTo("schema-violation");
        assertThat(RejectReason.UNKNOWN_TYPE.code()).isEqualTo("unknown-type");
        assertThat(RejectReason.UNSUPPORTED_VERSION.code()).isEqualTo("unsupported-version");
        assertThat(RejectReason.KEY_MISMATCH.code()).isEqualTo("key-mismatch");
        assertThat(RejectReason.OVER_LIMIT.code()).isEqualTo("over-limit");
    }
}
