package dev.chatlog.worker.failure;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The one place that decides what a failure is. SQLStates are read directly (walking causes and
 * {@link SQLException#getNextException()}), because wrapper types misfile dropped connections.
 */
public final class FailureClassifier {

    /** SQLStates outside class 08 that are worth retrying. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "53300", // too_many_connections
            "55P03", // lock_not_available
            "57014", // query_canceled (statement timeout)
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now
            // unique_violation: the planner removed every duplicate it could see, so a clash means
            // another writer inserted the row meanwhile; a retry reloads it and treats it as a duplicate.
            "23505");

    private FailureClassifier() {
    }

    /** Classifies {@code failure} by the first cause that says something definite. */
    public static FailureClass classify(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return classify(sql);
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

    private static FailureClass classify(SQLException first) {
        FailureClass result = null;
        for (SQLException e = first; e != null; e = e.getNextException()) {
            FailureClass c = classifyOne(e);
            if (c == FailureClass.TRANSIENT) {
                return c;
            }
            if (result == null) {
                result = c;
            }
            if (e.getNextException() == e) {
                break;
            }
        }
        return result;
    }

    private static FailureClass classifyOne(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLTimeoutException) {
            return FailureClass.TRANSIENT;
        }
        String state = e.getSQLState();
        if (state == null || state.length() != 5) {
            return FailureClass.BUG;
        }
        if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
            return FailureClass.TRANSIENT;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return FailureClass.BAD_INPUT;
        }
        return FailureClass.BUG;
    }

    /** The innermost cause of {@code failure}, as "SimpleClassName: message", for a one-line log. */
    public static String rootMessage(Throwable failure) {
        List<Throwable> seen = new ArrayList<>();
        Throwable root = failure;
        while (root.getCause() != null && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
