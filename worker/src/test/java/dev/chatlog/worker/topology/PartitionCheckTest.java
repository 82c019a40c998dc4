package dev.chatlog.worker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionCheckTest {

    private static final byte[] ALICE = "alice".getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double counted(String partition) {
        var counter = registry.find("chatlog.worker.records.mispartitioned").tag("topic", "chat.events")
                .tag("partition", partition).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void placesAKeyAsJavasDefaultPartitionerDoes() {
        // the Java publisher and the demo put alice on partition 1 of 4 (where kcat's default puts her on 3)
        assertThat(PartitionCheck.expected(ALICE, 4)).isEqualTo(1);
    }

    @Test
    void countsRecordsOnAnotherPartitionThanTheirKeysByTopicAndPartition() {
        PartitionCheck check = new PartitionCheck("chat.events", 4, registry);

        assertThat(check.check(ALICE, 1, 0)).isTrue();
        assertThat(check.check(ALICE, 3, 0)).isFalse();
        assertThat(check.check(ALICE, 3, 1)).isFalse();
        assertThat(check.check(null, 2, 2)).as("a record without a key is the parser's to reject").isTrue();

        assertThat(counted("3")).isEqualTo(2);
        assertThat(counted("1")).isZero();
    }

    @Test
    void takesAPartitionAddedSinceStartUpIntoAccount() {
        PartitionCheck check = new PartitionCheck("chat.events", 4, registry);
        int onSix = PartitionCheck.expected(ALICE, 6);
        assertThat(onSix).isNotEqualTo(PartitionCheck.expected(ALICE, 4));

        check.sawPartition(5);

        assertThat(check.check(ALICE, onSix, 0)).isTrue();
    }
}
