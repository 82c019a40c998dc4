package dev.chatlog.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SearchIndexerPaceTest {

    private static final long TOOK = Duration.ofMillis(120).toNanos();
    private static final long QUICK = Duration.ofMillis(10).toNanos();

    @Test
    void duringABacklogTheIndexerWorksAQuarterOfTheTime() {
        assertThat(SearchIndexer.restNanos(SearchIndexer.BATCH, TOOK, true)).isEqualTo(3 * TOOK);
        assertThat(SearchIndexer.restNanos(10, TOOK, true)).isEqualTo(3 * TOOK);
        assertThat(SearchIndexer.restNanos(10, QUICK, true)).isEqualTo(SearchIndexer.GATHER.toNanos());
    }

    @Test
    void aSteadyFlowTheWorkerKeepsUpWithIsIndexedAsFastAsItComes() {
        // a full batch: more is queued than one round takes, so the next round starts at once
        assertThat(SearchIndexer.restNanos(SearchIndexer.BATCH, TOOK, false)).isZero();
        // the queue was emptied: let the next messages gather, however long the round took
        assertThat(SearchIndexer.restNanos(10, TOOK, false)).isEqualTo(SearchIndexer.GATHER.toNanos());
        assertThat(SearchIndexer.restNanos(10, 10 * TOOK, false)).isEqualTo(SearchIndexer.GATHER.toNanos());
    }
}
