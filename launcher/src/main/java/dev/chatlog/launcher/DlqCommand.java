package dev.chatlog.launcher;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Inspects and replays the dead-letter topic. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Lists dead letters, or republishes them to the input topic once their cause is fixed.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
final class DlqCommand implements Runnable {

    /** Header a replayed record carries: the dead letter's coordinates. */
    static final String REPLAYED_FROM = "chatlog.replayed-from";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Map<String, String> documentation(boolean withDatabase) {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "Kafka bootstrap servers (default: localhost:9092)");
        docs.put("CHATLOG_TOPIC", "input topic replays go to (default: chat.events)");
        docs.put("CHATLOG_DLQ_TOPIC", "dead-letter topic (default: chat.events.dlq)");
        if (withDatabase) {
            docs.put("CHATLOG_DB_URL", "JDBC URL of PostgreSQL, where replays are remembered (required)");
            docs.put("CHATLOG_DB_USER", "database user (default: postgres)");
            docs.put("CHATLOG_DB_PASSWORD", "its password (default: none)");
        }
        return docs;
    }

    /** Options both subcommands share. */
    static final class Filters {
        @Option(names = "--reason", paramLabel = "<reason>",
                description = "only dead letters with this reason, e.g. schema-violation, unknown-tool-call")
        String reason;

        @Option(names = "--since", paramLabel = "<when>",
                description = "only dead letters since this instant (2026-11-23T10:00:00Z) or this long ago (30m, 2h, 7d)")
        String since;

        Instant sinceInstant(Instant now) {
            if (since == null) {
                return null;
            }
            try {
                return Instant.parse(since);
            } catch (DateTimeParseException notAnInstant) {
                return now.minus(parseAgo(since));
            }
        }

        Predicate<DeadLetter> predicate() {
            return letter -> reason == null || reason.equals(letter.reason());
        }

        private static Duration parseAgo(String text) {
            if (text.length() >= 2 && Character.isDigit(text.charAt(0))) {
                String digits = text.substring(0, text.length() - 1);
                if (digits.chars().allMatch(Character::isDigit)) {
                    long n = Long.parseLong(digits);
                    switch (text.charAt(text.length() - 1)) {
                        case 's': return Duration.ofSeconds(n);
                        case 'm': return Duration.ofMinutes(n);
                        case 'h': return Duration.ofHours(n);
                        case 'd': return Duration.ofDays(n);
                        default: break;
                    }
                }
            }
            throw new CommandLine.ParameterException(new CommandLine(new DlqCommand()),
                    "Invalid value '" + text + "' for --since: must be an ISO-8601 instant or a duration like 30m, 2h, 7d");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists dead letters with reason, source and event id.")
    static final class ListLetters implements Callable<Integer>, EnvBacked {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Filters filters = new Filters();

        @Override
        public Map<String, String> documentation() {
            return DlqCommand.documentation(false);
        }

        @Override
        public Integer call() {
            Map<String, String> env = EnvOptions.environment(spec, documentation(), System.getenv());
            List<DeadLetter> letters = new DeadLetterReader(bootstrap(env), dlqTopic(env))
                    .read(filters.sinceInstant(Instant.now()), filters.predicate());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-9s %-22s %-20s %-28s %-36s %s%n", "DLQ", "TIME", "REASON", "SOURCE", "EVENT", "MESSAGE");
            for (DeadLetter l : letters) {
                out.printf("%-9s %-22s %-20s %-28s %-36s %s%n", l.partition() + "@" + l.offset(),
                        l.timestamp().toString().substring(0, Math.min(19, l.timestamp().toString().length())) + "Z",
                        l.reason(), l.source(), l.eventId(), l.message());
            }
            out.printf("%d dead letter(s)%n", letters.size());
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Republishes dead letters to the input topic, each at most once, and reports what it did.")
    static final class Replay implements Callable<Integer>, EnvBacked {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Filters filters = new Filters();

        @Option(names = "--dry-run", description = "report what would be replayed without sending anything")
        boolean dryRun;

        @Override
        public Map<String, String> documentation() {
            return DlqCommand.documentation(true);
        }

        @Override
        public Integer call() throws SQLException, InterruptedException {
            Map<String, String> env = EnvOptions.environment(spec, documentation(), System.getenv());
            PrintWriter out = spec.commandLine().getOut();
            String url = env.get("CHATLOG_DB_URL");
            if (url == null || url.isBlank()) {
                spec.commandLine().getErr().println("Missing required configuration CHATLOG_DB_URL (or --db-url).");
                return 2;
            }
            String dlqTopic = dlqTopic(env);
            String topic = env.getOrDefault("CHATLOG_TOPIC", "chat.events");
            List<DeadLetter> letters = new DeadLetterReader(bootstrap(env), dlqTopic)
                    .read(filters.sinceInstant(Instant.now()), filters.predicate());
            ReplayLog log = new ReplayLog(dataSource(env));
            int sent = 0;
            int skipped = 0;
            int failed = 0;
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(env),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (DeadLetter letter : letters) {
                    if (dryRun) {
                        out.printf("would replay %d@%d (%s, event %s)%n", letter.partition(), letter.offset(),
                                letter.reason(), letter.eventId());
                        continue;
                    }
                    if (!log.mark(dlqTopic, letter)) {
                        skipped++;
                        continue;
                    }
                    var record = new ProducerRecord<>(topic, letter.key(), letter.value());
                    record.headers().add(REPLAYED_FROM, (dlqTopic + "/" + letter.partition() + "@" + letter.offset())
                            .getBytes(StandardCharsets.UTF_8));
                    try {
                        var meta = producer.send(record).get();
                        out.printf("replayed %d@%d (%s, event %s) to %s/%d@%d%n", letter.partition(), letter.offset(),
                                letter.reason(), letter.eventId(), topic, meta.partition(), meta.offset());
                        sent++;
                    } catch (ExecutionException e) {
                        log.unmark(dlqTopic, letter);
                        out.printf("could not replay %d@%d: %s%n", letter.partition(), letter.offset(),
                                e.getCause().getMessage());
                        failed++;
                    }
                }
            }
            out.printf("%d replayed, %d already replayed before, %d failed, of %d matching dead letter(s)%n",
                    sent, skipped, failed, letters.size());
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    private static String bootstrap(Map<String, String> env) {
        return env.getOrDefault("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    }

    private static String dlqTopic(Map<String, String> env) {
        return env.getOrDefault("CHATLOG_DLQ_TOPIC", "chat.events.dlq");
    }

    static PGSimpleDataSource dataSource(Map<String, String> env) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env.get("CHATLOG_DB_URL"));
        dataSource.setUser(env.getOrDefault("CHATLOG_DB_USER", "postgres"));
        if (env.get("CHATLOG_DB_PASSWORD") != null) {
            dataSource.setPassword(env.get("CHATLOG_DB_PASSWORD"));
        }
        return dataSource;
    }
}
