package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainSettingsTest {

    private static DrainSettings of(int batch, int outbox, int writers) {
        return new DrainSettings("in", Duration.ofMillis(100), Duration.ofMillis(10), batch, outbox, writers);
    }

    @Test
    void writersShareTheThreadsBatchAndOutboxLimits() {
        DrainSettings each = of(5000, 50_000, 2).perWriter();

        assertThat(each.batchMaxEvents()).isEqualTo(2500);
        assertThat(each.outboxMaxEvents()).isEqualTo(25_000);
        assertThat(each.writers()).isEqualTo(1);
        assertThat(each.topic()).isEqualTo("in");
        assertThat(each.flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(each.batchMinInterval()).as("each writer spaces its own batches").isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aWriterKeepsAtLeastOneEventPerBatchAndAnOutboxOfAtLeastOneBatch() {
        DrainSettings each = of(3, 3, 4).perWriter();

        assertThat(each.batchMaxEvents()).isEqualTo(1);
        assertThat(each.outboxMaxEvents()).isEqualTo(1);
        assertThat(of(100, 100, 1).perWriter()).isEqualTo(of(100, 100, 1));
    }
}
