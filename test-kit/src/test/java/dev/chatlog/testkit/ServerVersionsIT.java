package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The servers a run starts are the versions it claims: the compat profile names other ones. */
@ExtendWith(ChatlogServersExtension.class)
class ServerVersionsIT {

    @Test
    void theDatabaseRunsTheClaimedPostgresVersion(TestDatabase db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith(ServerVersions.postgres());
        }
    }

    @Test
    void theBrokerRunsTheClaimedKafkaVersion(TestServers servers) {
        if (servers.source() == ServerSource.EMBEDDED) {
            assertThat(servers.broker()).get().extracting(KafkaBroker::version).isEqualTo(ServerVersions.kafka());
        } else {
            assertThat(servers.broker()).isEmpty();
        }
    }
}
