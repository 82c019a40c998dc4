package dev.chatlog.testkit;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh, empty PostgreSQL database for one test, with a superuser's credentials. */
public record TestDatabase(String name, String jdbcUrl, String user, String password) {

    /** A data source connecting as the superuser; every call opens a new connection. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + " as " + user + "]";
    }
}
