package dev.chatlog.db;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed database call means, read from its SQLState. The worker, the API and the launcher
 * all ask this one classifier. It reads the SQLState itself rather than the exception's type,
 * because wrapper types misfile a dropped connection, and it walks both the cause chain and
 * {@link SQLException#getNextException()}, where PostgreSQL puts the real error of a failed batch.
 */
public enum SqlFailure {

    /** The connection was lost or refused, the server is shutting down or full (08xxx, 53300, 57P01–57P03). */
    UNAVAILABLE(true),
    /** A statement ran into its timeout or was cancelled (57014, {@link SQLTimeoutException}). */
    TIMEOUT(true),
    /** Concurrent transactions clashed: serialization failure, deadlock, lock not available (40001, 40P01, 55P03). */
    CONFLICT(true),
    /** A unique key already exists (23505); what that means depends on the caller. */
    DUPLICATE_KEY(false),
    /** The data itself was refused: a value out of range or unencodable, a constraint violated (22xxx, other 23xxx). */
    BAD_DATA(false),
    /** A defect or a configuration problem: missing table or privilege (42xxx), or anything unknown. */
    DEFECT(false);

    /** Causes and next exceptions looked at, at most: a guard against endless or cyclic chains. */
    static final int MAX_DEPTH = 32;

    private static final Set<String> UNAVAILABLE_STATES = Set.of("53300", "57P01", "57P02", "57P03");
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "55P03");

    private final boolean transientFailure;

    SqlFailure(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** Whether retrying the same work later may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * The meaning of the first {@link SQLException} in {@code failure}'s cause chain, or empty when
     * the chain holds none.
     */
    public static Optional<SqlFailure> find(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.add(t); t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                return Optional.of(of(sql));
            }
        }
        return Optional.empty();
    }

    /**
     * The meaning of {@code failure}, looking through its next exceptions and their causes: the first
     * one that carries a SQLState decides, unless a later one is transient, because a batch that
     * failed on a dropped connection may report another error first.
     */
    public static SqlFailure of(SQLException failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        SqlFailure decided = null;
        int depth = 0;
        for (SQLException e = failure; e != null && depth < MAX_DEPTH && seen.add(e); e = e.getNextException()) {
            for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
                if (t != e && !seen.add(t)) {
                    break;
                }
                if (t instanceof SQLException sql) {
                    SqlFailure one = one(sql);
                    if (one.isTransient()) {
                        return one;
                    }
                    if (decided == null && sql.getSQLState() != null) {
                        decided = one;
                    }
                }
            }
        }
        return decided == null ? DEFECT : decided;
    }

    /** Whether {@code failure} is, or was caused by, a unique-key violation. */
    public static boolean isDuplicateKey(Throwable failure) {
        return find(failure).orElse(DEFECT) == DUPLICATE_KEY;
    }

    private static SqlFailure one(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.length() == 5) {
            if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                return UNAVAILABLE;
            }
            if (state.equals("57014")) {
                return TIMEOUT;
            }
            if (CONFLICT_STATES.contains(state)) {
                return CONFLICT;
            }
            if (state.equals("23505")) {
                return DUPLICATE_KEY;
            }
            if (state.startsWith("22") || state.startsWith("23")) {
                return BAD_DATA;
            }
        }
        if (e instanceof SQLTransientConnectionException) {
            return UNAVAILABLE;
        }
        if (e instanceof SQLTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof SQLTransientException) {
            return CONFLICT;
        }
        return DEFECT;
    }
}
