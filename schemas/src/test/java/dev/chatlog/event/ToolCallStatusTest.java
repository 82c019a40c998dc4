package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolCallStatusTest {

    @Test
    void readsEverySpellingItWrites() {
        for (ToolCallStatus status : ToolCallStatus.values()) {
            assertThat(ToolCallStatus.fromJson(status.json())).isEqualTo(status);
        }
        assertThat(ToolCallStatus.ERROR.json()).isEqualTo("error");
    }

    @Test
    void refusesAnUnknownSpellingInsteadOfGuessing() {
        assertThatThrownBy(() -> ToolCallStatus.fromJson("failed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool call status 'failed' is not one of ok, error");
    }
}
