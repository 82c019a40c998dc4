package dev.chatlog.api.db;

import dev.chatlog.db.LoginRoles;
import dev.chatlog.db.SqlFailure;
import dev.chatlog.migrations.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the API off a database login that row-level security does not bind: a superuser or a role
 * with BYPASSRLS would read every user's rows the moment a role switch was missing. The pool runs
 * {@link #GUARD} on each new connection, and {@link #atStart} refuses to start with a clear message
 * when the database can tell at start-up. Both also refuse a login, or a role it acts as, that
 * inherits {@code chatlog_finder}: that role's policies show every user's rows, and no role may be
 * a member of it; {@link #atStart} refuses that even when a privileged login is allowed.
 */
public final class LoginCheck {

    /** SQLState of a refused login (class 28, invalid authorization specification). */
    static final String REFUSED = "28000";

    /** Fails a new connection whose login is privileged. */
    public static final String GUARD = """
            DO $$
            BEGIN
                IF EXISTS (SELECT FROM pg_catalog.pg_roles
                           WHERE rolname = session_user AND (rolsuper OR rolbypassrls)) THEN
                    RAISE EXCEPTION USING ERRCODE = '28000', MESSAGE = format(
                        'the query API refuses the database login %s: a superuser or BYPASSRLS role is not bound by row-level security',
                        session_user);
                END IF;
                IF EXISTS (SELECT FROM pg_catalog.pg_roles r, pg_catalog.pg_roles f
                           WHERE r.rolname IN (session_user, current_user) AND f.rolname = 'chatlog_finder'
                             AND NOT r.rolsuper AND pg_catalog.pg_has_role(r.oid, f.oid, 'USAGE')) THEN
                    RAISE EXCEPTION USING ERRCODE = '28000', MESSAGE = format(
                        'the query API refuses the database login %s: it or its role %s inherits chatlog_finder, whose policies show every user''s rows',
                        session_user, current_user);
                END IF;
            END
            $$""";

    private static final Logger log = LoggerFactory.getLogger(LoginCheck.class);

    private LoginCheck() {
    }

    /**
     * Throws when the login of {@code dataSource} ({@code configuredLogin}, null for the driver's
     * default) is privileged and {@code allowed} is false, and whenever it or the role it acts as
     * inherits {@code chatlog_finder}; warns when a privileged login is allowed. When the database
     * cannot be reached, the guard checks each connection later.
     */
    public static void atStart(DataSource dataSource, String configuredLogin, boolean allowed) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT session_user, current_user")) {
            rs.next();
            String login = rs.getString(1);
            boolean privileged = LoginRoles.isPrivileged(c, login);
            boolean finder = LoginRoles.inherits(c, login, Migrations.FINDER_ROLE)
                    || LoginRoles.inherits(c, rs.getString(2), Migrations.FINDER_ROLE);
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            if (finder) {
                throw inheritsFinder(login);
            }
            if (privileged && !allowed) {
                throw refused(login);
            }
            if (privileged) {
                log.warn("the database login {} is a superuser or has BYPASSRLS, which row-level security does not"
                        + " bind; running anyway because CHATLOG_API_ALLOW_PRIVILEGED_LOGIN is true", login);
            }
        } catch (SQLException e) {
            SQLException guard = refusedByGuard(e);
            if (guard != null) {
                throw String.valueOf(guard.getMessage()).contains(Migrations.FINDER_ROLE)
                        ? inheritsFinder(configuredLogin) : refused(configuredLogin);
            }
            if (SqlFailure.of(e) != SqlFailure.UNAVAILABLE) {
                throw new IllegalStateException("could not check the API's database login: " + e.getMessage(), e);
            }
            log.warn("could not check the database login at start-up, each new connection checks it: {}", e.getMessage());
        }
    }

    private static SQLException refusedByGuard(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && REFUSED.equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }

    private static IllegalStateException inheritsFinder(String login) {
        String name = login == null ? "" : " " + login;
        return new IllegalStateException("The query API refuses to start: its database login" + name + ", or the role"
                + " it acts as, inherits " + Migrations.FINDER_ROLE + ", whose policies show every user's rows. No role"
                + " may be a member of it: revoke it (REVOKE " + Migrations.FINDER_ROLE + " FROM" + name + "; see"
                + " migrations/README.md).");
    }

    private static IllegalStateException refused(String login) {
        return new IllegalStateException("The query API refuses to start: its database login"
                + (login == null ? "" : " " + login) + " is a superuser or has BYPASSRLS, so row-level security"
                + " would not bind it. Log in as a role that is only a member of chatlog_reader"
                + " (see migrations/README.md), or set CHATLOG_API_ALLOW_PRIVILEGED_LOGIN=true to run anyway.");
    }
}
