package dev.chatlog.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The control schema: which schema each deployment reads and writes (switched by a rebuild), and
 * which dead letters were replayed. {@link Migrations#apply} migrates it; this class holds its SQL,
 * for the worker, the API and the launcher.
 */
public final class ControlSchema {

    /** The schema holding the control tables. */
    public static final String SCHEMA = "chatlog_control";

    private ControlSchema() {
    }

    /** Makes {@code name} a deployment reading and writing the schema of the same name, unless it is one already. */
    static void register(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO chatlog_control.deployments (name, active_schema) VALUES (?, ?)
                     ON CONFLICT (name) DO NOTHING""")) {
            s.setString(1, name);
            s.setString(2, name);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not register deployment '" + name + "' in " + SCHEMA, e);
        }
    }

    /** The schema deployment {@code name} reads now ({@code name} itself when it was never switched). */
    public static String activeSchema(Connection c, String name) throws SQLException {
        return active(c, name, "SELECT active_schema FROM chatlog_control.deployments WHERE name = ?");
    }

    /**
     * The schema deployment {@code name} writes now, holding the row FOR SHARE until the end of the
     * transaction, so that a switch waits for this write and later writes wait for the switch.
     */
    public static String activeSchemaForWrite(Connection c, String name) throws SQLException {
        return active(c, name, "SELECT active_schema FROM chatlog_control.deployments WHERE name = ? FOR SHARE");
    }

    /** Locks deployment {@code name}'s row for a switch, pausing its writers until the transaction ends. */
    public static void lockForSwitch(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO chatlog_control.deployments (name, active_schema) VALUES (?, ?)
                ON CONFLICT (name) DO NOTHING""")) {
            s.setString(1, name);
            s.setString(2, name);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT active_schema FROM chatlog_control.deployments WHERE name = ? FOR UPDATE")) {
            s.setString(1, name);
            s.executeQuery().close();
        }
    }

    /** Points deployment {@code name} at {@code schema}, remembering {@code previous} for a later drop. */
    public static void switchTo(Connection c, String name, String schema, String previous) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE chatlog_control.deployments
                SET active_schema = ?, previous_schema = ?, switched_at = now() WHERE name = ?""")) {
            s.setString(1, schema);
            s.setString(2, previous);
            s.setString(3, name);
            s.executeUpdate();
        }
    }

    /** The schema the last switch of {@code name} replaced, or null. */
    public static String previousSchema(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT previous_schema FROM chatlog_control.deployments WHERE name = ? FOR UPDATE")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Forgets the previous schema of {@code name}, once dropped. */
    public static void forgetPrevious(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE chatlog_control.deployments SET previous_schema = NULL WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        }
    }

    private static String active(Connection c, String name, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : name;
            }
        }
    }
}
