package dev.chatlog.launcher;

import dev.chatlog.api.ApiServer;
import dev.chatlog.api.config.ApiConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the HTTP history API. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Runs the HTTP API that serves conversation history to chat services and UIs.")
final class ApiCommand implements Callable<Integer>, EnvBacked {

    @Spec
    CommandSpec spec;

    @Override
    public Map<String, String> documentation() {
        return ApiConfig.documentation();
    }

    /** Exits 0 after a stop signal, 2 when the configuration is invalid or the database login too privileged. */
    @Override
    public Integer call() throws InterruptedException {
        ApiConfig config = ApiConfig.fromEnv(EnvOptions.environment(spec, documentation(), System.getenv()));
        StopSignals signals = StopSignals.install();
        try {
            signals.closeOnStop(ApiServer.start(config));
        } catch (IllegalStateException refused) {
            // a login that row-level security does not bind: the message says what to do
            spec.commandLine().getErr().println(refused.getMessage());
            return 2;
        }
        signals.awaitSignal();
        signals.stop();
        return 0;
    }
}
