package dev.chatlog.bench.api;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * A Java load generator over {@link ApiHttpConnection}s, one platform thread each. Open loop: the
 * i-th request is due at {@code start + i / rate}, and its latency counts from then, so a slow
 * answer delays the requests queued behind it in the figures too (no coordinated omission).
 * Closed loop: every connection sends its next request as soon as the previous one is answered.
 */
final class ApiHttpLoad {

    private ApiHttpLoad() {
    }

    /** Builds the bytes of the next request. */
    interface Requests extends Function<SplittableRandom, byte[]> {
    }

    static ApiLoadResult fixedRate(String read, InetSocketAddress target, Requests requests, int rate, int seconds,
                                   int connections) throws InterruptedException {
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        AtomicLong next = new AtomicLong();
        return run(read, "open loop at " + rate + "/s", target, requests, connections, (connection, random, histogram, errors) -> {
            while (true) {
                long i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                exchange(connection, requests.apply(random), histogram, errors, due);
            }
        }, seconds);
    }

    static ApiLoadResult closedLoop(String read, InetSocketAddress target, Requests requests, int connections,
                                    int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return run(read, "closed loop, " + connections + " connections", target, requests, connections,
                (connection, random, histogram, errors) -> {
                    while (System.nanoTime() < end) {
                        exchange(connection, requests.apply(random), histogram, errors, System.nanoTime());
                    }
                }, seconds);
    }

    private interface Loop {
        void run(ApiHttpConnection connection, SplittableRandom random, Histogram histogram, AtomicLong errors);
    }

    private static void exchange(ApiHttpConnection connection, byte[] request, Histogram histogram, AtomicLong errors,
                                 long since) {
        int status;
        try {
            status = connection.exchange(request);
        } catch (Exception e) {
            status = -1;
        }
        if (status == 200) {
            histogram.recordValue(Math.min(System.nanoTime() - since, histogram.getHighestTrackableValue()));
        } else {
            errors.incrementAndGet();
        }
    }

    private static ApiLoadResult run(String read, String mode, InetSocketAddress target, Requests requests,
                                     int connections, Loop loop, int nominalSeconds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Histogram histogram = ApiLoadResult.histogram();
            histograms.add(histogram);
            SplittableRandom random = new SplittableRandom(c * 7919L + 17);
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                try (ApiHttpConnection connection = new ApiHttpConnection(target)) {
                    loop.run(connection, random, histogram, errors);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = Math.max(nominalSeconds, (System.nanoTime() - started) / 1e9 - 0.05);
        Histogram all = ApiLoadResult.histogram();
        histograms.forEach(all::add);
        return new ApiLoadResult(read, "API (HTTP)", mode, all.getTotalCount(), errors.get(), seconds, all);
    }
}
