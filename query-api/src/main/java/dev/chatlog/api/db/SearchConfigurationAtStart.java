package dev.chatlog.api.db;

import dev.chatlog.config.SearchConfigurationCheck;
import dev.chatlog.db.SqlFailure;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start the API with a text search configuration PostgreSQL does not know, which would
 * otherwise fail every search. Like {@link LoginCheck}, it lets the API start when the database
 * cannot be reached yet.
 */
public final class SearchConfigurationAtStart {

    private static final Logger log = LoggerFactory.getLogger(SearchConfigurationAtStart.class);

    private SearchConfigurationAtStart() {
    }

    /** Throws a {@link dev.chatlog.config.ConfigException} when the database has no configuration {@code name}. */
    public static void check(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection()) {
            try {
                SearchConfigurationCheck.atStart(c, "the query API", name);
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            if (SqlFailure.of(e) != SqlFailure.UNAVAILABLE) {
                throw new IllegalStateException("could not check the search configuration: " + e.getMessage(), e);
            }
            log.warn("could not check the search configuration {} at start-up: {}", name, e.getMessage());
        }
    }
}
