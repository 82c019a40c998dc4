package dev.chatlog.launcher;

import dev.chatlog.api.ApiServer;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.LoginRoles;
import dev.chatlog.db.PostgresDataSources;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.publish.ChatEventPublisher;
import dev.chatlog.publish.PublishResult;
import dev.chatlog.testkit.KafkaBroker;
import dev.chatlog.testkit.PostgresServer;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs everything in one process: an embedded Kafka broker and PostgreSQL (data under the dev
 * home, kept between runs), the migrations, the worker, the API, and a small demo.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Runs Kafka, PostgreSQL, the worker and the API in one process with demo data. Ctrl-C stops it.")
final class DevCommand implements Callable<Integer> {

    private static final String TOPIC = "chat.events";
    /** The worker's login in dev mode: only a member of chatlog_writer. */
    static final String WORKER_LOGIN = "chatlog_worker";
    /** The API's login in dev mode: only a member of chatlog_reader. */
    static final String API_LOGIN = "chatlog_api";

    @Option(names = "--home", defaultValue = ".chatlog", paramLabel = "<dir>",
            description = "where the broker's and the database's data are kept (default: ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--fresh", description = "wipe the dev home first, starting from empty")
    boolean fresh;

    @Option(names = "--api-port", defaultValue = "8080", description = "API port (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--kafka-port", defaultValue = "19092", description = "Kafka port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--db-port", defaultValue = "15432", description = "PostgreSQL port (default: ${DEFAULT-VALUE})")
    int dbPort;

    @Option(names = "--metrics-port", defaultValue = "9400",
            description = "worker metrics port (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        DevHome dev = new DevHome(home.toAbsolutePath());
        if (fresh) {
            dev.wipe();
        }
        Files.createDirectories(dev.root());
        String secret = dev.secret();

        StopSignals signals = StopSignals.install();
        CompletableFuture<KafkaBroker> kafkaStart =
                CompletableFuture.supplyAsync(() -> KafkaBroker.start(dev.kafka(), kafkaPort));
        CompletableFuture<PostgresServer> postgresStart =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(dev.postgres(), dbPort));
        // Registered first, closed last: the worker and the API stop while both servers still run.
        signals.closeOnStop(() -> postgresStart.join().stop());
        signals.closeOnStop(() -> kafkaStart.join().stop());
        KafkaBroker kafka = kafkaStart.join();
        PostgresServer postgres = postgresStart.join();

        // As a deployment runs: the migrations as the owner (the embedded superuser), the worker and
        // the API each as a login that is only a member of its role.
        PGSimpleDataSource owner = PostgresDataSources.direct(
                new DatabaseLogin(postgres.jdbcUrl("postgres"), PostgresServer.SUPERUSER, null));
        Migrations.apply(owner, Migrations.DEFAULT_SCHEMA);
        LoginRoles.ensure(owner, WORKER_LOGIN, null, Migrations.WRITER_ROLE);
        LoginRoles.ensure(owner, API_LOGIN, null, Migrations.READER_ROLE);

        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("CHATLOG_TOPIC", TOPIC);
        env.put("CHATLOG_TOPIC_PARTITIONS", "4");
        env.put("CHATLOG_DB_URL", postgres.jdbcUrl("postgres"));
        env.put("CHATLOG_MIGRATE", "false");
        env.put("CHATLOG_WORKER_STATE_DIR", dev.streamsState().toString());
        env.put("CHATLOG_WORKER_METRICS_PORT", Integer.toString(metricsPort));
        env.put("CHATLOG_API_PORT", Integer.toString(apiPort));
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_JWT_HS256_SECRET", secret);
        env.put("CHATLOG_JWT_ISSUER", DevHome.ISSUER);
        env.put("CHATLOG_JWT_AUDIENCE", DevHome.AUDIENCE);

        env.put("CHATLOG_DB_USER", WORKER_LOGIN);
        Worker worker = Worker.start(WorkerConfig.fromEnv(env));
        signals.closeOnStop(worker);
        env.put("CHATLOG_DB_USER", API_LOGIN);
        ApiServer api = ApiServer.start(ApiConfig.fromEnv(env));
        signals.closeOnStop(api);

        String alice = DevTokens.mint(secret, DemoConversations.ALICE, Instant.now());
        String bob = DevTokens.mint(secret, DemoConversations.BOB, Instant.now());
        List<String> consistency = publishDemoOnce(dev, kafka.bootstrapServers());
        String apiUrl = "http://127.0.0.1:" + api.port();
        String itemsUrl = apiUrl + "/v1/conversations/" + DemoConversations.ALICE_GROCERIES + "/items";
        awaitDemo(itemsUrl, alice, consistency);

        printBanner(System.out, apiUrl, itemsUrl, kafka, postgres, alice, bob);
        signals.awaitSignal();
        signals.stop();
        return 0;
    }

    /**
     * Publishes the demo on the first run of a dev home and remembers, in the marker file, the
     * consistency token of the last demo event of every partition, so each start can wait for all of them.
     */
    private static List<String> publishDemoOnce(DevHome dev, String bootstrap) throws Exception {
        if (Files.exists(dev.demoMarker())) {
            return Files.readAllLines(dev.demoMarker()).stream().filter(line -> !line.isBlank()).toList();
        }
        Map<Integer, PublishResult> lastPerPartition = new TreeMap<>();
        try (ChatEventPublisher publisher = new ChatEventPublisher(bootstrap, TOPIC)) {
            for (ChatEvent event : DemoConversations.events(Instant.now().minusSeconds(3600))) {
                PublishResult sent = publisher.publish(event).get();
                lastPerPartition.put(sent.partition(), sent);
            }
        }
        List<String> tokens = lastPerPartition.values().stream().map(r -> r.token().encode()).toList();
        Files.write(dev.demoMarker(), tokens);
        return tokens;
    }

    /** Waits, through the API itself, until the worker has applied the whole demo. */
    private static void awaitDemo(String itemsUrl, String token, List<String> consistencyTokens)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (String consistency : consistencyTokens) {
            String url = itemsUrl + "?consistent_with=" + consistency + "&wait_ms=10000";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status;
            do {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).build();
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            if (status != 200) {
                throw new IllegalStateException("the demo history did not become readable: the API answers " + status);
            }
        }
    }

    private static void printBanner(PrintStream out, String apiUrl, String itemsUrl, KafkaBroker kafka,
            PostgresServer postgres, String alice, String bob) {
        double seconds = (System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        out.println();
        out.printf("chatlog dev is ready (%.1f s after launch). Ctrl-C stops everything.%n%n", seconds);
        out.println("  API              " + apiUrl);
        out.println("  Kafka bootstrap  " + kafka.bootstrapServers() + "   (topic " + TOPIC + ")");
        out.println("  PostgreSQL       " + postgres.jdbcUrl("postgres") + "   (no passwords; owner postgres:"
                + " psql -h 127.0.0.1 -p " + postgres.port() + " -U postgres)");
        out.println("                   worker logs in as " + WORKER_LOGIN + " (member of " + Migrations.WRITER_ROLE
                + "), API as " + API_LOGIN + " (member of " + Migrations.READER_ROLE + ")");
        out.println();
        out.println("  dev token for alice:  " + alice);
        out.println("  dev token for bob:    " + bob);
        out.println();
        out.println("Alice's groceries conversation:");
        out.println("  curl -s -H 'Authorization: Bearer " + alice + "' '" + itemsUrl + "'");
        out.println("The same history as Chat Completions messages:");
        out.println("  curl -s -H 'Authorization: Bearer " + alice + "' '" + itemsUrl + "?format=chat_completions'");
        out.println();
    }
}
