package dev.chatlog.worker.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesTheDelayUpToTheCeilingAndResetsOnSuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));

        assertThat(backoff.failed(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.failed(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.failed(0)).isEqualTo(Duration.ofMillis(350));
        assertThat(backoff.failed(0)).isEqualTo(Duration.ofMillis(350));
        backoff.succeeded();
        assertThat(backoff.failed(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void tellsHowLongToWaitBeforeTheNextAttempt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(backoff.remaining(0)).isZero();

        backoff.failed(1_000_000_000L);

        assertThat(backoff.remaining(1_040_000_000L)).isEqualTo(Duration.ofMillis(60));
        assertThat(backoff.remaining(1_200_000_000L)).isZero();
    }
}
