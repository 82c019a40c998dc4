package dev.chatlog.bench;

import dev.chatlog.bench.worker.SyntheticChat;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventJson;
import dev.chatlog.event.EventParser;
import dev.chatlog.event.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;

/**
 * Measures the parser on the worker benchmark's synthetic events: the streaming path
 * ({@link EventParser#parse}) and the check without the event that the worker's stream thread makes
 * ({@link EventParser#rejection}) against the JSON Schema path alone ({@link EventParser#parseWithSchema}),
 * in the same JVM, in alternating rounds after a warm-up. Prints the figures and writes them to
 * docs/benchmarks.md. Usage: {@code bench/run parse [--events N] [--rounds R]}.
 */
public final class ParseBenchmark {

    private ParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = 200_000;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --events N --rounds R");
            }
        }
        SyntheticChat chat = new SyntheticChat(20250613L, 10_000);
        byte[][] keys = new byte[events][];
        byte[][] values = new byte[events][];
        long bytes = 0;
        for (int i = 0; i < events; i++) {
            ChatEvent e = chat.next();
            keys[i] = e.userId().getBytes(StandardCharsets.UTF_8);
            values[i] = EventJson.write(e);
            bytes += values[i].length;
        }
        EventParser parser = new EventParser();
        BiPredicate<byte[], byte[]> streaming = (k, v) -> parser.parse(k, v) instanceof ParseResult.Parsed;
        BiPredicate<byte[], byte[]> check = (k, v) -> parser.rejection(k, v) == null;
        BiPredicate<byte[], byte[]> schema = (k, v) -> parser.parseWithSchema(k, v) instanceof ParseResult.Parsed;
        time(streaming, keys, values);
        time(check, keys, values);
        time(schema, keys, values);
        long[] streamingNanos = new long[rounds];
        long[] checkNanos = new long[rounds];
        long[] schemaNanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            schemaNanos[r] = time(schema, keys, values);
            streamingNanos[r] = time(streaming, keys, values);
            checkNanos[r] = time(check, keys, values);
            System.out.printf("round %d: streaming %.2f us/event, check %.2f us/event, JSON Schema path %.2f us/event%n",
                    r + 1, streamingNanos[r] / 1e3 / events, checkNanos[r] / 1e3 / events, schemaNanos[r] / 1e3 / events);
        }
        double fast = median(streamingNanos) / 1e3 / events;
        double checked = median(checkNanos) / 1e3 / events;
        double reference = median(schemaNanos) / 1e3 / events;
        String table = String.format("""
                Run of `bench/run parse --events %d --rounds %d`: the worker benchmark's synthetic events (%,d bytes of
                JSON on average), each parsed and validated, and mapped to its record but by the check, in one JVM
                (%d cores), medians of the rounds after a warm-up round of each.

                | path | per event | events/s on one core |
                | --- | ---: | ---: |
                | JSON Schema path (tree, networknt validator, mapping), the reference | %.2f us | %,.0f |
                | streaming path (one pass straight into the record) | **%.2f us** | %,.0f |
                | the stream thread's check (the same pass, no texts kept, no record) | **%.2f us** | %,.0f |
                | streaming ÷ JSON Schema | **%.0f%%** of the time | |
                | check ÷ streaming | **%.0f%%** of the time | |
                """, events, rounds, bytes / events, Runtime.getRuntime().availableProcessors(), reference,
                1e6 / reference, fast, 1e6 / fast, checked, 1e6 / checked, 100 * fast / reference, 100 * checked / fast);
        System.out.println(table);
        BenchmarkPage.write("parse", table);
    }

    private static long time(BiPredicate<byte[], byte[]> accepts, byte[][] keys, byte[][] values) {
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < values.length; i++) {
            if (accepts.test(keys[i], values[i])) {
                accepted++;
            }
        }
        long nanos = System.nanoTime() - start;
        if (accepted != values.length) {
            throw new IllegalStateException(accepted + " of " + values.length + " synthetic events were accepted");
        }
        return nanos;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
