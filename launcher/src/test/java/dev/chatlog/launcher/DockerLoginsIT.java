package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The logins docker compose creates are each a member of their own role only, and the migrations accept them. */
@ExtendWith(ChatlogServersExtension.class)
class DockerLoginsIT {

    @Test
    void makesEachLoginAMemberOfItsRoleOnlyAndSurvivesRunningTwice(TestDatabase db) throws Exception {
        String script = Files.readString(Path.of("..", "docker", "postgres-logins.sql"));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(script);
            s.execute(script);
        }
        Migrations.apply(db.dataSource(), Migrations.DEFAULT_SCHEMA);

        assertThat(rolesOf(db, "chatlog_worker")).containsExactly(Migrations.WRITER_ROLE);
        assertThat(rolesOf(db, "chatlog_api")).containsExactly(Migrations.READER_ROLE);
        assertThat(LauncherFixture.text(db, """
                SELECT string_agg(rolname, ',') FROM pg_roles
                WHERE rolname IN ('chatlog_worker', 'chatlog_api') AND (rolsuper OR rolbypassrls OR NOT rolcanlogin)"""))
                .isNull();
    }

    private static List<String> rolesOf(TestDatabase db, String login) throws Exception {
        String roles = LauncherFixture.text(db, """
                SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
                JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE u.rolname = '%s'""".formatted(login));
        return roles == null ? List.of() : List.of(roles.split(","));
    }
}
