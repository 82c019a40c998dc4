package dev.chatlog.launcher;

import dev.chatlog.worker.Worker;
import dev.chatlog.worker.WorkerStoppedException;
import dev.chatlog.worker.config.WorkerConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the worker: applies the events of the input topic to PostgreSQL. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs the worker: applies chat events from Kafka to PostgreSQL, exactly once and in order.")
final class WorkerCommand implements Callable<Integer>, EnvBacked {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Map<String, String> documentation() {
        return WorkerConfig.documentation();
    }

    /**
     * Exits 0 after a stop signal, also one that arrives during start-up (while it waits for Kafka or
     * PostgreSQL), 1 when a failure stopped the worker, 2 when the configuration is invalid.
     */
    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = WorkerConfig.fromEnv(EnvOptions.environment(spec, documentation(), System.getenv()));
        StopSignals signals = StopSignals.install();
        Thread starting = Thread.currentThread();
        AtomicBoolean started = new AtomicBoolean();
        // a stop during start-up interrupts its retries rather than waiting for them to succeed
        signals.closeOnStop(() -> {
            if (!started.get()) {
                starting.interrupt();
            }
        });
        Worker worker;
        try {
            worker = Worker.start(config);
        } catch (RuntimeException e) {
            if (signals.stopRequested()) {
                log.info("stopped during start-up");
                return 0;
            }
            throw e;
        } finally {
            started.set(true);
            // an interrupt that raced the end of start-up: the stop closes the worker below instead
            Thread.interrupted();
        }
        signals.closeOnStop(worker);
        try {
            worker.awaitTermination();
            return 0;
        } catch (WorkerStoppedException stopped) {
            // the worker logged the failure where it handled it
            return 1;
        } finally {
            signals.stop();
        }
    }
}
