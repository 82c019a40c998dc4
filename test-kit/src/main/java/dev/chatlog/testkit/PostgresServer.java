package dev.chatlog.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the embedded binaries published on Maven Central (the version
 * of the binaries on the class path: 17 by default, 15 or 16 in the compat profile). It keeps
 * its port and data directory across {@link #stop()} and {@link #start()}, so tests can restart
 * it mid-stream and dev mode can keep its data between runs.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser the embedded server is initialised with; it trusts local connections. */
    public static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a server with its data under {@code dataDirectory}; {@code port} 0 picks a free port. */
    public static PostgresServer start(Path dataDirectory, int port) {
        PostgresServer server = new PostgresServer(dataDirectory.toAbsolutePath(), port == 0 ? Ports.free() : port);
        server.start();
        return server;
    }

    /** The server settings; the container servers use them too. */
    static java.util.Map<String, String> serverSettings() {
        return java.util.Map.of(
                "max_connections", "200",
                "shared_buffers", "256MB",
                "fsync", "on",
                "synchronous_commit", "on",
                "listen_addresses", "127.0.0.1");
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            serverSettings().forEach(builder::setServerConfig);
            server = builder.start();
            log.info("PostgreSQL ready at {} (data in {})", jdbcUrl("postgres"), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Stops the server cleanly, keeping its data. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            awaitExit();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL in " + dataDirectory, e);
        } finally {
            server = null;
        }
        log.info("PostgreSQL at port {} stopped", port);
    }

    /**
     * Waits (at most a minute) until the server has exited, which it shows by removing its pid
     * file: the stop command gives up waiting after a few seconds, while a server with much to
     * write may still be running its shutdown checkpoint.
     */
    private void awaitExit() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
