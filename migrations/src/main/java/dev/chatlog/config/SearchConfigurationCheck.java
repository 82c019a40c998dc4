package dev.chatlog.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Checks at start-up that PostgreSQL knows the text search configuration {@link SearchSetting#CONFIG}
 * names. Only the database can tell, and a name it does not know would otherwise fail every search,
 * or every batch of the worker's search indexer, long after start-up.
 */
public final class SearchConfigurationCheck {

    private SearchConfigurationCheck() {
    }

    /**
     * Throws a {@link ConfigException} on behalf of {@code component} (e.g. "the worker") when
     * {@code configuration} is not a text search configuration of the database {@code c} is
     * connected to; the message lists those it has.
     */
    public static void atStart(Connection c, String component, String configuration) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT EXISTS (SELECT FROM pg_catalog.pg_ts_config c
                                WHERE c.cfgname = ?::text AND pg_catalog.pg_ts_config_is_visible(c.oid)),
                       (SELECT string_agg(cfgname, ', ' ORDER BY cfgname) FROM pg_catalog.pg_ts_config)""")) {
            s.setString(1, configuration);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new ConfigException(component, List.of("Invalid value '" + configuration + "' for "
                            + SearchSetting.CONFIG.variable() + ": PostgreSQL has no text search configuration of that"
                            + " name; it has " + rs.getString(2)));
                }
            }
        }
    }
}
