package dev.chatlog.launcher;

import dev.chatlog.worker.Worker;
import dev.chatlog.worker.WorkerStoppedException;
import dev.chatlog.worker.config.WorkerConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the worker: applies the events of the input topic to PostgreSQL. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs the worker: applies chat events from Kafka to PostgreSQL, exactly once and in order.")
final class WorkerCommand implements Callable<Integer>, EnvBacked {

    @Spec
    CommandSpec spec;

    @Override
    public Map<String, String> documentation() {
        return WorkerConfig.documentation();
    }

    /** Exits 0 after a stop signal, 1 when a failure stopped the worker, 2 when the configuration is invalid. */
    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = WorkerConfig.fromEnv(EnvOptions.environment(spec, documentation(), System.getenv()));
        StopSignals signals = StopSignals.install();
        Worker worker = Worker.start(config);
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
