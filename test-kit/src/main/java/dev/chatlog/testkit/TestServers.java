package dev.chatlog.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and PostgreSQL server shared by every test of a JVM. They start on first use,
 * in parallel, and stop when the JVM exits. {@link ServerSelection} decides from
 * {@code CHATLOG_TEST_SERVERS} whether they are embedded, containers or external servers; tests see
 * the same bootstrap servers and JDBC URLs from each.
 */
public final class TestServers {

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestServers instance;
    private static RuntimeException startFailure;

    private final String kafkaBootstrap;
    private final String adminJdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final KafkaBroker broker;
    private final PostgresServer postgres;
    private final ContainerServers containers;
    private final ServerSource source;
    private final Path root;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private TestServers(Map<String, String> env, DockerProbe docker) {
        long choosing = System.nanoTime();
        ServerSource source = ServerSelection.choose(env, docker);
        log.info("test servers: {} (chosen by {}={} in {} ms)", source, ServerSelection.SETTING,
                env.getOrDefault(ServerSelection.SETTING, "auto"), (System.nanoTime() - choosing) / 1_000_000);
        this.source = source;
        this.root = createRoot();
        Started started = switch (source) {
            case EMBEDDED -> embedded(root);
            case TESTCONTAINERS -> containers();
            case EXTERNAL -> new Started(env.get(ServerSelection.KAFKA_BOOTSTRAP), env.get(ServerSelection.DB_URL),
                    env.getOrDefault("CHATLOG_TEST_DB_USER", "postgres"), env.get("CHATLOG_TEST_DB_PASSWORD"),
                    null, null, null);
        };
        this.broker = started.broker();
        this.postgres = started.postgres();
        this.containers = started.containers();
        this.kafkaBootstrap = started.kafkaBootstrap();
        this.adminJdbcUrl = started.adminJdbcUrl();
        this.dbUser = started.dbUser();
        this.dbPassword = started.dbPassword();
        log.info("test servers: Kafka {}, PostgreSQL {}", kafkaBootstrap, adminJdbcUrl);
    }

    /** What one source hands the tests, and the servers this JVM stops at exit (absent for the others). */
    private record Started(String kafkaBootstrap, String adminJdbcUrl, String dbUser, String dbPassword,
                           KafkaBroker broker, PostgresServer postgres, ContainerServers containers) {
    }

    private static Started embedded(Path root) {
        CompletableFuture<KafkaBroker> kafka =
                CompletableFuture.supplyAsync(() -> KafkaBroker.start(root.resolve("kafka"), 0));
        CompletableFuture<PostgresServer> pg =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(root.resolve("postgres"), 0));
        KafkaBroker broker = kafka.join();
        PostgresServer postgres = pg.join();
        return new Started(broker.bootstrapServers(), postgres.jdbcUrl("postgres"), PostgresServer.SUPERUSER, null,
                broker, postgres, null);
    }

    private static Started containers() {
        ContainerServers containers = ContainerServers.start();
        return new Started(containers.bootstrapServers(), containers.adminJdbcUrl(), containers.user(),
                containers.password(), null, null, containers);
    }

    /** The servers of this JVM, started on the first call. */
    public static TestServers get() {
        TestServers servers = instance;
        if (servers == null) {
            synchronized (TestServers.class) {
                servers = instance;
                if (startFailure != null) {
                    throw new IllegalStateException("the test servers failed to start earlier in this JVM", startFailure);
                }
                if (servers == null) {
                    try {
                        servers = new TestServers(System.getenv(), new TestcontainersDockerProbe());
                    } catch (RuntimeException e) {
                        startFailure = e;
                        throw e;
                    }
                    Runtime.getRuntime().addShutdownHook(new Thread(servers::shutdown, "test-servers-shutdown"));
                    instance = servers;
                }
            }
        }
        return servers;
    }

    /** Where this JVM's servers come from. */
    public ServerSource source() {
        return source;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The embedded broker, absent when a container or an external one is used. */
    public Optional<KafkaBroker> broker() {
        return Optional.ofNullable(broker);
    }

    /** The embedded PostgreSQL, absent when a container or an external one is used. */
    public Optional<PostgresServer> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** A unique name, usable for topics, groups, databases and schemas. */
    public String uniqueName(String prefix) {
        return prefix + "_" + runId + "_" + COUNTER.incrementAndGet();
    }

    /** Creates a fresh topic with {@code partitions} partitions and returns its name. */
    public String newTopic(int partitions) {
        String name = uniqueName("topic").replace('_', '-');
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        return name;
    }

    /** An admin client for the test broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
    }

    /** Creates a fresh, empty database and returns how to reach it as a superuser. */
    public TestDatabase newDatabase() {
        String name = uniqueName("db");
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, dbUser, dbPassword);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + adminJdbcUrl, e);
        }
        return new TestDatabase(name, withDatabase(adminJdbcUrl, name), dbUser, dbPassword);
    }

    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("JDBC URL '" + jdbcUrl + "' names no database");
        }
        return base.substring(0, slash + 1) + database + params;
    }

    private static Path createRoot() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Path parent = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(parent, "chatlog-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the test servers", e);
        }
    }

    /** Stops the servers and deletes their data: a benchmark's broker and database hold gigabytes. */
    private void shutdown() {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (containers != null) {
            containers.close();
        }
        deleteTree(root);
    }

    /**
     * Deletes {@code dir} and everything in it. A file that vanishes meanwhile is no error, and a
     * pass that leaves something behind (a server still finishing its writes) is repeated.
     */
    static void deleteTree(Path dir) {
        IOException last = null;
        for (int pass = 0; pass < 5 && Files.exists(dir); pass++) {
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                        Files.deleteIfExists(directory);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (Files.exists(dir)) {
            log.warn("could not delete the test servers' directory {}: {}", dir, last == null ? "files remain" : last.getMessage());
        }
    }
}
