package dev.chatlog.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.failure.FailureClass;
import dev.chatlog.worker.sink.SinkResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    @Test
    void countsWhatBecameOfEveryEventOfAWrittenBatch() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkerMetrics metrics = new WorkerMetrics(registry);
        DeadLetter letter = new DeadLetter(null, new byte[0], DeadLetter.UNKNOWN_TOOL_CALL, FailureClass.BAD_INPUT,
                "never requested", "chat.events", 0, 7, null);

        metrics.batchWritten(9, 3_000_000, new SinkResult(Map.of("message.created", 5, "tool_call.requested", 1),
                Map.of("message.created", 1), 1, List.of(letter)));

        assertThat(registry.get("chatlog.worker.events.applied").tag("type", "message.created").counter().count())
                .isEqualTo(5);
        assertThat(registry.get("chatlog.worker.events.applied").tag("type", "tool_call.requested").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("chatlog.worker.events.duplicate").counter().count()).isEqualTo(1);
        assertThat(registry.get("chatlog.worker.events.skipped").counter().count()).isEqualTo(1);
        assertThat(registry.get("chatlog.worker.dead.letters").tag("reason", DeadLetter.UNKNOWN_TOOL_CALL).counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("chatlog.worker.batch.size").summary().totalAmount()).isEqualTo(9);
        assertThat(registry.get("chatlog.worker.flush.latency").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
    }
}
