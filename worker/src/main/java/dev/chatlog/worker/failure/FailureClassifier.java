package dev.chatlog.worker.failure;

import dev.chatlog.db.SqlFailure;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The one place that decides what a failure means for the worker. Database errors are read by the
 * classifier every component shares ({@link SqlFailure}); this class maps its answer to the
 * worker's choices and adds Kafka's own retriable errors.
 */
public final class FailureClassifier {

    private static final int MAX_DEPTH = 32;

    private FailureClassifier() {
    }

    /** Classifies {@code failure} by the first cause that says something definite. */
    public static FailureClass classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.add(t); t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                return of(SqlFailure.of(sql));
            }
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return FailureClass.TRANSIENT;
            }
            if (t instanceof InterruptedException) {
                return FailureClass.TRANSIENT;
            }
        }
        return FailureClass.BUG;
    }

    private static FailureClass of(SqlFailure failure) {
        return switch (failure) {
            case UNAVAILABLE, TIMEOUT, CONFLICT -> FailureClass.TRANSIENT;
            // The planner removed every duplicate it could see, so a clash means another writer inserted
            // the row meanwhile; a retry reloads it and treats it as a duplicate.
            case DUPLICATE_KEY -> FailureClass.TRANSIENT;
            case BAD_DATA -> FailureClass.BAD_INPUT;
            case DEFECT -> FailureClass.BUG;
        };
    }

    /** The innermost cause of {@code failure}, as "SimpleClassName: message", for a one-line log. */
    public static String rootMessage(Throwable failure) {
        List<Throwable> seen = new ArrayList<>();
        Throwable root = failure;
        while (root.getCause() != null && !seen.contains(root.getCause()) && seen.size() < MAX_DEPTH) {
            seen.add(root);
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
