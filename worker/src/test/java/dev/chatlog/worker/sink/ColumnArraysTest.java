package dev.chatlog.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnArraysTest {

    @Test
    void splitsRowsInOrderIntoRunsWithinTheLimit() {
        List<Integer> weights = List.of(4, 3, 3, 5, 1, 1, 9);

        assertThat(ColumnArrays.runs(weights, w -> w, 10))
                .containsExactly(List.of(4, 3, 3), List.of(5, 1, 1), List.of(9));
    }

    @Test
    void givesARowHeavierThanTheLimitARunOfItsOwn() {
        assertThat(ColumnArrays.runs(List.of(2, 30, 2, 2), w -> w, 10))
                .containsExactly(List.of(2), List.of(30), List.of(2, 2));
        assertThat(ColumnArrays.runs(List.of(30), w -> w, 10)).containsExactly(List.of(30));
    }

    @Test
    void keepsRowsThatFitInOneRunTogetherAndNeverMakesAnEmptyRun() {
        assertThat(ColumnArrays.runs(List.of(1, 2, 3), w -> w, 100)).containsExactly(List.of(1, 2, 3));
        assertThat(ColumnArrays.runs(List.<Integer>of(), w -> w, 10)).isEmpty();
    }
}
