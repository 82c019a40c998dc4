package dev.chatlog.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    @ParameterizedTest
    @CsvSource({
            "08000, UNAVAILABLE", "08001, UNAVAILABLE", "08006, UNAVAILABLE", "53300, UNAVAILABLE",
            "57P01, UNAVAILABLE", "57P02, UNAVAILABLE", "57P03, UNAVAILABLE",
            "57014, TIMEOUT",
            "40001, CONFLICT", "40P01, CONFLICT", "55P03, CONFLICT",
            "23505, DUPLICATE_KEY",
            "22001, BAD_DATA", "22P05, BAD_DATA", "22021, BAD_DATA", "23502, BAD_DATA", "23514, BAD_DATA",
            "42P01, DEFECT", "42501, DEFECT", "42703, DEFECT", "XX000, DEFECT", "0A000, DEFECT"})
    void classifiesPostgresErrorsBySqlState(String state, SqlFailure expected) {
        assertThat(SqlFailure.of(new SQLException("boom", state))).isEqualTo(expected);
    }

    @Test
    void onlyLostConnectionsTimeoutsAndConflictsAreTransient() {
        assertThat(SqlFailure.UNAVAILABLE.isTransient()).isTrue();
        assertThat(SqlFailure.TIMEOUT.isTransient()).isTrue();
        assertThat(SqlFailure.CONFLICT.isTransient()).isTrue();
        assertThat(SqlFailure.DUPLICATE_KEY.isTransient()).isFalse();
        assertThat(SqlFailure.BAD_DATA.isTransient()).isFalse();
        assertThat(SqlFailure.DEFECT.isTransient()).isFalse();
    }

    @Test
    void readsTheStateBeforeTheJdbcTypeWhichMayMisfileIt() {
        SQLException misfiled = new SQLTransientException("unique violation reported as transient", "23505");
        assertThat(SqlFailure.of(misfiled)).isEqualTo(SqlFailure.DUPLICATE_KEY);
    }

    @Test
    void fallsBackOnTheJdbcTypeWithoutAState() {
        assertThat(SqlFailure.of(new SQLTransientConnectionException("pool timeout"))).isEqualTo(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.of(new SQLTimeoutException("timed out"))).isEqualTo(SqlFailure.TIMEOUT);
        assertThat(SqlFailure.of(new SQLTransientException("try again"))).isEqualTo(SqlFailure.CONFLICT);
        assertThat(SqlFailure.of(new SQLException("no state"))).isEqualTo(SqlFailure.DEFECT);
    }

    @Test
    void findsTheSqlExceptionThroughWrappers() {
        Exception wrapped = new IllegalStateException("sink failed",
                new RuntimeException("batch", new SQLException("gone", "57P01")));
        assertThat(SqlFailure.find(wrapped)).contains(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.find(new IllegalStateException("no database here"))).isEmpty();
    }

    @Test
    void aTransientErrorDownTheNextExceptionChainWins() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "22001", new int[0]);
        batch.setNextException(new SQLException("connection reset", "08006"));
        assertThat(SqlFailure.of(batch)).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void theFirstStateDecidesWhenNothingIsTransient() {
        SQLException first = new SQLException("batch failed");
        first.setNextException(new SQLException("duplicate key", "23505"));
        first.getNextException().setNextException(new SQLException("too long", "22001"));
        assertThat(SqlFailure.of(first)).isEqualTo(SqlFailure.DUPLICATE_KEY);
        assertThat(SqlFailure.isDuplicateKey(new RuntimeException(first))).isTrue();
        assertThat(SqlFailure.isDuplicateKey(new SQLException("too long", "22001"))).isFalse();
    }

    @Test
    void readsTheCauseOfANextException() {
        SQLException first = new SQLException("batch failed");
        first.setNextException(new SQLException("wrapped", new SQLException("admin shutdown", "57P02")));
        assertThat(SqlFailure.of(first)).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void survivesCyclesAndEndlessChains() {
        SQLException a = new SQLException("a", "42P01");
        SQLException b = new SQLException("b");
        a.setNextException(b);
        b.setNextException(a);
        assertThat(SqlFailure.of(a)).isEqualTo(SqlFailure.DEFECT);

        RuntimeException x = new RuntimeException("x");
        RuntimeException y = new RuntimeException("y", x);
        x.initCause(y);
        assertThat(SqlFailure.find(x)).isEmpty();

        SQLException head = new SQLException("head");
        SQLException tail = head;
        for (int i = 0; i < 10 * SqlFailure.MAX_DEPTH; i++) {
            SQLException next = new SQLException("entry " + i);
            tail.setNextException(next);
            tail = next;
        }
        tail.setNextException(new SQLException("beyond the guard", "08006"));
        assertThat(SqlFailure.of(head)).as("stops at the depth guard").isEqualTo(SqlFailure.DEFECT);
    }
}
