package dev.chatlog.worker.sink;

import dev.chatlog.worker.failure.DeadLetter;
import java.util.List;
import java.util.Map;

/**
 * What applying a batch did: events applied and duplicates dropped, by event type; events skipped
 * because an earlier delivery had applied them; and the dead letters published for it.
 */
public record SinkResult(Map<String, Integer> appliedByType, Map<String, Integer> duplicatesByType,
                         int skipped, List<DeadLetter> deadLetters) {

    public SinkResult {
        appliedByType = Map.copyOf(appliedByType);
        duplicatesByType = Map.copyOf(duplicatesByType);
        deadLetters = List.copyOf(deadLetters);
    }

    /** A batch that was entirely below the stored offset. */
    public static SinkResult skippedAll(int skipped) {
        return new SinkResult(Map.of(), Map.of(), skipped, List.of());
    }
}
