package dev.chatlog.worker.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "08006, TRANSIENT", "08001, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT",
            "57P01, TRANSIENT", "57P02, TRANSIENT", "57P03, TRANSIENT", "57014, TRANSIENT", "23505, TRANSIENT",
            "22001, BAD_INPUT", "22P05, BAD_INPUT", "23514, BAD_INPUT", "23502, BAD_INPUT",
            "42P01, BUG", "42501, BUG", "42703, BUG", "XX000, BUG"})
    void classifiesPostgresErrorsBySqlState(String state, FailureClass expected) {
        assertThat(FailureClassifier.classify(new SQLException("boom", state))).isEqualTo(expected);
    }

    @Test
    void readsTheSqlStateThroughWrappers() {
        Exception wrapped = new StreamsException(new RuntimeException("sink failed", new SQLException("gone", "57P01")));

        assertThat(FailureClassifier.classify(wrapped)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void findsATransientErrorFurtherDownTheNextExceptionChain() {
        SQLException batch = new SQLException("batch entry failed", "XX000");
        batch.setNextException(new SQLException("connection reset", "08006"));

        assertThat(FailureClassifier.classify(batch)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void treatsPoolTimeoutsAndKafkaRetriablesAsTransient() {
        assertThat(FailureClassifier.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClassifier.classify(new ExecutionException(new TimeoutException("no broker"))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClassifier.classify(new NotLeaderOrFollowerException("moved")))
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void treatsAnythingUnknownAsABug() {
        assertThat(FailureClassifier.classify(new NullPointerException())).isEqualTo(FailureClass.BUG);
        assertThat(FailureClassifier.classify(new SQLException("no state"))).isEqualTo(FailureClass.BUG);
        assertThat(FailureClassifier.classify(new IllegalStateException("x", new IllegalArgumentException())))
                .isEqualTo(FailureClass.BUG);
    }

    @Test
    void survivesACycleInTheCauseChain() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FailureClassifier.classify(a)).isEqualTo(FailureClass.BUG);
    }

    @Test
    void describesTheInnermostCauseEvenInACycle() {
        SQLException root = new SQLException("connection refused", "08001");
        RuntimeException outer = new IllegalStateException("could not apply", new RuntimeException("wrapped", root));
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FailureClassifier.rootMessage(outer)).isEqualTo("SQLException: connection refused");
        assertThat(FailureClassifier.rootMessage(a)).isEqualTo("RuntimeException: b");
    }
}
