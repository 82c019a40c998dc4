package dev.chatlog.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) run from Kafka's own
 * artifacts in a child JVM. It keeps its ports and data directory across {@link #stop()} and
 * {@link #start()}, so tests can restart it mid-stream and dev mode can keep its data.
 * <p>
 * The child runs on this JVM's class path, or, when the system property {@value #CLASSPATH_PROPERTY}
 * names a directory of jars, on those jars plus {@link BrokerMain}: the compat profile runs brokers of
 * other Kafka versions that way, apart from the clients under test.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** System property naming a directory whose jars make up the broker's class path. */
    public static final String CLASSPATH_PROPERTY = "chatlog.test.broker.classpath";

    /**
     * System property with the broker JVM's options, separated by spaces. Without it the broker starts
     * fast and small (serial collector, C1 only), as tests and dev mode want; a benchmark that
     * measures a steady flow sets {@link #PRODUCTION_JVM_OPTIONS} instead.
     */
    public static final String JVM_OPTIONS_PROPERTY = "chatlog.test.broker.jvm-options";
    /** The options Kafka's own start scripts give a broker: a 1 GB heap, G1, full JIT. */
    public static final String PRODUCTION_JVM_OPTIONS =
            "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35";
    private static final String FAST_START_JVM_OPTIONS = "-Xms128m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final Path home;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker keeping its data under {@code home}; {@code port} 0 picks a free port.
     * A home that already holds a formatted broker is reused as it is.
     */
    public static KafkaBroker start(Path home, int port) {
        int brokerPort = port == 0 ? Ports.free() : port;
        KafkaBroker broker = new KafkaBroker(home.toAbsolutePath(), brokerPort, Ports.free());
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker JVM's standard output and error. */
    Path logFile() {
        return home.resolve("broker.log");
    }

    /** The process id of the broker's JVM, while it runs. */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " is stopped");
        }
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker again after {@link #stop()}, on the same port and data. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(home);
            Path properties = writeProperties();
            Path logback = home.resolve("logback.xml");
            try (var in = KafkaBroker.class.getResourceAsStream("broker-logback.xml")) {
                Files.copy(in, logback, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions());
            command.addAll(List.of("-Dlogback.configurationFile=" + logback, "-Djava.awt.headless=true",
                    "-cp", brokerClassPath(System.getProperty(CLASSPATH_PROPERTY)),
                    BrokerMain.class.getName(), properties.toString(), logDir().toString(), clusterId()));
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("broker.log").toFile()))
                    .start();
            awaitReady();
            log.info("Kafka broker ready at {} (data in {})", bootstrapServers(), home);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker in " + home, e);
        }
    }

    /** The broker JVM's options: {@value #JVM_OPTIONS_PROPERTY} when set, else a fast start. */
    static List<String> jvmOptions() {
        return List.of(System.getProperty(JVM_OPTIONS_PROPERTY, FAST_START_JVM_OPTIONS).trim().split("\\s+"));
    }

    /** Stops the broker cleanly, keeping its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The Kafka version the running broker reported at start-up, which differs from the clients'
     * when {@value #CLASSPATH_PROPERTY} is set.
     */
    public String version() {
        try {
            return Files.readString(home.resolve(BrokerMain.VERSION_FILE)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the broker in " + home + " has not reported its version", e);
        }
    }

    /**
     * The broker's class path with every entry made absolute (the broker runs in its own directory):
     * the jars in {@code jarDirectory} plus the location of {@link BrokerMain}, or this JVM's class
     * path when {@code jarDirectory} is null.
     */
    static String brokerClassPath(String jarDirectory) {
        if (jarDirectory == null || jarDirectory.isBlank()) {
            return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        Path dir = Path.of(jarDirectory).toAbsolutePath();
        List<String> entries = new ArrayList<>();
        try (var jars = Files.list(dir)) {
            jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                    .forEach(jar -> entries.add(jar.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the broker jars in " + dir + " (" + CLASSPATH_PROPERTY + ")", e);
        }
        long brokerJars = entries.stream().filter(jar -> Path.of(jar).getFileName().toString().startsWith("kafka_")).count();
        if (brokerJars != 1) {
            throw new IllegalStateException((brokerJars == 0 ? "no Kafka broker jar (kafka_*.jar)" : "several Kafka broker jars")
                    + " in " + dir + " (" + CLASSPATH_PROPERTY + "); build it again after a clean");
        }
        try {
            entries.add(Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the class " + BrokerMain.class.getName(), e);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private Path logDir() {
        return home.resolve("data");
    }

    private String clusterId() throws IOException {
        Path file = home.resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.writeString(file, Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    private Path writeProperties() throws IOException {
        Path file = home.resolve("server.properties");
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir().toString());
        settings.putAll(clusterSettings());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (var e : settings.entrySet()) {
                out.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        return file;
    }

    /**
     * The broker settings beyond its listeners and directories: a single node's replication
     * factors, quick group start-up, no automatic topics. The container servers use them too.
     */
    static Map<String, String> clusterSettings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("num.partitions", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "4");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "4");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("group.streams.session.timeout.ms", "6000");
        settings.put("group.streams.min.session.timeout.ms", "3000");
        settings.put("group.consumer.session.timeout.ms", "6000");
        settings.put("group.consumer.min.session.timeout.ms", "3000");
        settings.put("auto.create.topics.enable", "false");
        settings.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return settings;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                            + " during start-up; see " + home.resolve("broker.log"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        throw new IllegalStateException("the Kafka broker did not become ready within "
                                + START_TIMEOUT + "; see " + home.resolve("broker.log"), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
