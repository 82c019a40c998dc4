package dev.chatlog.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Login roles as a deployment gives them to the applications: one login per application, a member
 * of its group role only ({@code chatlog_writer} for the worker, {@code chatlog_reader} for the
 * API), neither superuser nor BYPASSRLS. Dev mode and the tests create theirs here.
 */
public final class LoginRoles {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private LoginRoles() {
    }

    /**
     * Creates {@code login} as a member of {@code groupRole} with {@code password} (null for none)
     * unless it exists; run as a role that may create roles and grant {@code groupRole}.
     */
    public static void ensure(DataSource admin, String login, String password, String groupRole) throws SQLException {
        requireName(login);
        requireName(groupRole);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("""
                    DO $$
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN NOSUPERUSER NOBYPASSRLS;
                        END IF;
                    EXCEPTION
                        WHEN duplicate_object OR unique_violation THEN NULL;
                    END
                    $$""".formatted(login));
            if (password != null) {
                try (PreparedStatement quote = c.prepareStatement("SELECT quote_literal(?)")) {
                    quote.setString(1, password);
                    try (ResultSet rs = quote.executeQuery()) {
                        rs.next();
                        s.execute("ALTER ROLE " + login + " PASSWORD " + rs.getString(1));
                    }
                }
            }
            s.execute("GRANT " + groupRole + " TO " + login);
        }
    }

    /** Whether {@code login} is a superuser or bypasses row-level security; false when it does not exist. */
    public static boolean isPrivileged(Connection c, String login) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            s.setString(1, login);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Whether {@code role}, no superuser, inherits the privileges of {@code finderRole}, whose
     * policies show every user's rows; false when either does not exist.
     */
    public static boolean inherits(Connection c, String role, String finderRole) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT EXISTS (SELECT FROM pg_catalog.pg_roles r, pg_catalog.pg_roles f
                                WHERE r.rolname = ? AND f.rolname = ? AND NOT r.rolsuper
                                  AND pg_catalog.pg_has_role(r.oid, f.oid, 'USAGE'))""")) {
            s.setString(1, role);
            s.setString(2, finderRole);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a lower-case SQL identifier");
        }
    }
}
