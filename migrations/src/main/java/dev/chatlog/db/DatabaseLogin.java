package dev.chatlog.db;

import dev.chatlog.config.Settings;

/**
 * Where PostgreSQL is and who logs in: the JDBC URL, and the user and password (null for the
 * driver's default and none). {@link #toString()} never shows the password.
 */
public record DatabaseLogin(String url, String user, String password) {

    /** The login read with {@link DatabaseSetting}; {@code settings} must hold URL, USER and PASSWORD. */
    public static DatabaseLogin from(Settings settings) {
        return new DatabaseLogin(settings.get(DatabaseSetting.URL), settings.get(DatabaseSetting.USER),
                settings.get(DatabaseSetting.PASSWORD));
    }

    /** The same database, logged in as {@code otherUser} with {@code otherPassword}. */
    public DatabaseLogin as(String otherUser, String otherPassword) {
        return new DatabaseLogin(url, otherUser, otherPassword);
    }

    @Override
    public String toString() {
        return "DatabaseLogin[url=" + Settings.maskUrl(url) + ", user=" + (user == null ? "(default)" : user)
                + ", password=" + (password == null ? "(none)" : "****") + "]";
    }
}
