package dev.chatlog.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops a long-running command in order when SIGTERM, SIGINT or SIGHUP arrives, and lets it exit 0.
 * <p>
 * Left to the JVM, such a signal starts the shutdown at once: every shutdown hook runs at the same
 * time (the embedded PostgreSQL's own among them, which then stops under a worker still writing),
 * and the process ends with status 128 + signal, 143 for SIGTERM, whatever the command returns.
 * Here the first signal closes what the command registered, last registered first, on the signal's
 * thread, and the command then returns its own exit status. A shutdown hook runs the same stop for
 * any other way the JVM exits; closing twice does nothing.
 * <p>
 * {@code sun.misc.Signal} is the JDK's supported way to handle signals (module {@code jdk.unsupported},
 * kept for this use); the test kit's broker uses it too. {@code StopSignalsIT} fails if it stops working.
 */
final class StopSignals {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    private static final String[] SIGNALS = {"TERM", "INT", "HUP"};

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch requested = new CountDownLatch(1);
    private boolean stopped;

    private StopSignals() {
    }

    /** Handles the stop signals from now on, in place of the JVM's immediate exit. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, s -> signals.onSignal(s.getName()));
            if (previous == SignalHandler.SIG_IGN) {
                // ignored when the process started (nohup, or a background job of a non-interactive shell): keep it so
                Signal.handle(signal, SignalHandler.SIG_IGN);
                log.info("SIG{} was ignored when the process started: it stays ignored", name);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(signals::stop, "chatlog-stop"));
        return signals;
    }

    /** Closes {@code resource} on stop, before everything registered earlier. */
    synchronized void closeOnStop(AutoCloseable resource) {
        if (stopped) {
            close(resource);
        } else {
            resources.push(resource);
        }
    }

    /** Blocks until a stop signal arrives. */
    void awaitSignal() throws InterruptedException {
        requested.await();
    }

    /** Whether a stop signal arrived. */
    boolean stopRequested() {
        return requested.getCount() == 0;
    }

    /** Closes everything registered, last first; a second call waits for the first and does nothing. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        while (!resources.isEmpty()) {
            close(resources.pop());
        }
    }

    private void onSignal(String name) {
        log.info("SIG{} received: stopping", name);
        requested.countDown();
        stop();
    }

    private static void close(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("could not close {}: {}", resource, e.toString());
        }
    }
}
