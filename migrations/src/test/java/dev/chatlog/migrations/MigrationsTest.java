package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsTest {

    @Test
    void rejectsABlankSchemaNameBeforeConnecting() {
        assertThatThrownBy(() -> Migrations.apply(new PGSimpleDataSource(), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema must be a non-blank name, got ' '");
    }

    @Test
    void rejectsAMissingSchemaNameBeforeConnecting() {
        assertThatThrownBy(() -> Migrations.validate(new PGSimpleDataSource(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema must be a non-blank name, got 'null'");
    }
}
