package dev.chatlog.db;

import dev.chatlog.config.Setting;
import dev.chatlog.config.ValueType;

/** How every component finds and logs in to PostgreSQL: one name and one default each. */
public enum DatabaseSetting implements Setting {
    URL("CHATLOG_DB_URL", null, ValueType.jdbcUrl(),
            "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://localhost:5432/chatlog"),
    USER("CHATLOG_DB_USER", "", ValueType.text(), "database login user; none takes the driver's default"),
    PASSWORD("CHATLOG_DB_PASSWORD", "", ValueType.secret(), "password of the login user (secret: never logged)"),
    SCHEMA("CHATLOG_DB_SCHEMA", "chatlog", ValueType.identifier(),
            "schema holding the tables, and the deployment name a rebuild switches");

    private final Definition definition;

    DatabaseSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
