package dev.chatlog.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger checks = new AtomicInteger();
    final AtomicBoolean up = new AtomicBoolean(true);
    final Readiness readiness = new Readiness(() -> {
        checks.incrementAndGet();
        return up.get();
    }, Duration.ofSeconds(1), now::get);

    @Test
    void whenAThousandProbesArriveWithinASecondItChecksTheDatabaseOnce() {
        for (int i = 0; i < 1000; i++) {
            assertThat(readiness.ready()).isTrue();
            now.addAndGet(900_000);
        }
        assertThat(checks).hasValue(1);
    }

    @Test
    void whenTheAnswerIsASecondOldItChecksAgainAndTellsTheNewAnswer() {
        assertThat(readiness.ready()).isTrue();
        up.set(false);
        now.addAndGet(999_000_000);
        assertThat(readiness.ready()).as("still the cached answer").isTrue();
        now.addAndGet(1_000_000);
        assertThat(readiness.ready()).isFalse();
        assertThat(checks).hasValue(2);
    }
}
