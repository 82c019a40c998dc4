package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class ControlSchemaIT {

    @Test
    void applyRegistersTheSchemaAsADeploymentReadingItself(TestDatabase db) throws Exception {
        Migrations.apply(db.dataSource(), "live");
        Migrations.apply(db.dataSource(), "live");
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(ControlSchema.activeSchema(c, "live")).isEqualTo("live");
            assertThat(ControlSchema.activeSchema(c, "never_registered")).isEqualTo("never_registered");
            assertThat(ControlSchema.previousSchema(c, "live")).isNull();
        }
    }

    @Test
    void aSwitchWaitsForWritersAndWritersAfterItSeeTheNewSchema(TestDatabase db) throws Exception {
        Migrations.apply(db.dataSource(), "live");
        Migrations.apply(db.dataSource(), "live_r1");
        try (Connection switcher = db.dataSource().getConnection()) {
            switcher.setAutoCommit(false);
            ControlSchema.lockForSwitch(switcher, "live");

            CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    String schema = ControlSchema.activeSchemaForWrite(c, "live");
                    c.commit();
                    return schema;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(writer).as("a writer waits while the switch holds the row").isNotDone();
            try (Connection reader = db.dataSource().getConnection()) {
                assertThat(ControlSchema.activeSchema(reader, "live")).as("reads never wait").isEqualTo("live");
            }

            ControlSchema.switchTo(switcher, "live", "live_r1", "live");
            switcher.commit();
            assertThat(writer.get(10, TimeUnit.SECONDS)).isEqualTo("live_r1");
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(ControlSchema.previousSchema(c, "live")).isEqualTo("live");
            ControlSchema.forgetPrevious(c, "live");
            c.commit();
            assertThat(ControlSchema.previousSchema(c, "live")).isNull();
        }
    }
}
