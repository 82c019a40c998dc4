package dev.chatlog.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.testkit.TestDatabase;

/** A pool on a test database whose connections act as {@code chatlog_writer}, auto-commit off, as the worker's. */
public final class WriterPool {

    private WriterPool() {
    }

    public static HikariDataSource open(TestDatabase db, int size) {
        HikariConfig h = new HikariConfig();
        h.setDataSource(db.dataSource());
        h.setAutoCommit(false);
        h.setMaximumPoolSize(size);
        h.setConnectionInitSql("SET ROLE chatlog_writer");
        return new HikariDataSource(h);
    }
}
