package dev.chatlog.worker;

import dev.chatlog.worker.config.WorkerConfig;
import dev.chatlog.worker.config.WorkerConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker from the {@code CHATLOG_*} environment until SIGTERM. Exits 0 after a clean
 * stop, 1 when a failure stopped it, 2 when the configuration is invalid.
 */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run());
    }

    static int run() {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(System.getenv());
        } catch (WorkerConfigException e) {
            log.error(e.getMessage());
            return 2;
        }
        Worker worker;
        try {
            worker = Worker.start(config);
        } catch (RuntimeException e) {
            log.error("the worker could not start: {}", e.getMessage(), e);
            return 1;
        }
        Thread hook = new Thread(worker::close, "chatlog-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            worker.awaitTermination();
            return 0;
        } catch (WorkerStoppedException e) {
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
