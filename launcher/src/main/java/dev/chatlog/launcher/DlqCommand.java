package dev.chatlog.launcher;

import dev.chatlog.config.KafkaSetting;
import dev.chatlog.config.Setting;
import dev.chatlog.config.Settings;
import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.DatabaseSetting;
import dev.chatlog.db.PostgresDataSources;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    /** The settings of {@code dlq list}: where the dead letters are. */
    static final List<Setting> LIST_SETTINGS = List.of(KafkaSetting.values());

    /** The settings of {@code dlq replay}: also the database that remembers what was replayed. */
    static final List<Setting> REPLAY_SETTINGS = Settings.of(List.of(KafkaSetting.values()),
            List.of(DatabaseSetting.URL, DatabaseSetting.USER, DatabaseSetting.PASSWORD));

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
            return Settings.documentation(LIST_SETTINGS);
        }

        @Override
        public Integer call() {
            Settings settings = Settings.read("chatlog dlq list",
                    EnvOptions.environment(spec, documentation(), System.getenv()), LIST_SETTINGS).check();
            List<DeadLetter> letters = new DeadLetterReader(settings.get(KafkaSetting.BOOTSTRAP_SERVERS),
                    settings.get(KafkaSetting.DLQ_TOPIC))
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
            return Settings.documentation(REPLAY_SETTINGS);
        }

        @Override
        public Integer call() throws SQLException, InterruptedException {
            Settings settings = Settings.read("chatlog dlq replay",
                    EnvOptions.environment(spec, documentation(), System.getenv()), REPLAY_SETTINGS).check();
            PrintWriter out = spec.commandLine().getOut();
            String bootstrap = settings.get(KafkaSetting.BOOTSTRAP_SERVERS);
            String dlqTopic = settings.get(KafkaSetting.DLQ_TOPIC);
            String topic = settings.get(KafkaSetting.TOPIC);
            List<DeadLetter> letters = new DeadLetterReader(bootstrap, dlqTopic)
                    .read(filters.sinceInstant(Instant.now()), filters.predicate());
            ReplayLog log = new ReplayLog(PostgresDataSources.direct(DatabaseLogin.from(settings)));
            int sent = 0;
            int skipped = 0;
            int failed = 0;
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
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
}
