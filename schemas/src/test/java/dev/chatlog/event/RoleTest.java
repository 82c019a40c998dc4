package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void readsEverySpellingItWrites() {
        for (Role role : Role.values()) {
            assertThat(Role.fromJson(role.json())).isEqualTo(role);
        }
        assertThat(Role.ASSISTANT.json()).isEqualTo("assistant");
    }

    @Test
    void refusesAnUnknownSpellingInsteadOfGuessing() {
        assertThatThrownBy(() -> Role.fromJson("User"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role 'User' is not one of user, assistant, system");
    }
}
