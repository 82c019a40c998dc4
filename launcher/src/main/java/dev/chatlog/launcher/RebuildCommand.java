package dev.chatlog.launcher;

import dev.chatlog.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuilds the tables by replaying the input topic, then switches readers and the worker to them. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Replays the input topic into fresh tables and switches the worker and the API to them.",
            "The replay runs from the topic's earliest offset into a new schema while the live worker and",
            "the API go on serving; the switch is one step. The previous tables stay until",
            "'rebuild --drop-previous'."})
final class RebuildCommand implements Callable<Integer>, EnvBacked {

    @Spec
    CommandSpec spec;

    @Option(names = "--allow-partial",
            description = "rebuild even if retention has deleted the start of the topic (history would be lost)")
    boolean allowPartial;

    @Option(names = "--drop-previous", description = "drop the tables the last rebuild replaced, and do nothing else")
    boolean dropPrevious;

    @Override
    public Map<String, String> documentation() {
        return WorkerConfig.documentation();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = EnvOptions.environment(spec, documentation(), System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        Rebuild rebuild = new Rebuild(env, out, Clock.systemUTC());
        if (dropPrevious) {
            String dropped = rebuild.dropPrevious();
            out.println(dropped == null ? "no previous tables to drop" : "dropped schema " + dropped);
        } else {
            try {
                rebuild.run(allowPartial);
            } catch (IllegalStateException refused) {
                spec.commandLine().getErr().println(refused.getMessage());
                return 3;
            }
        }
        out.flush();
        return 0;
    }
}
