package dev.chatlog.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chatlog} command: one entry point for every way of running chatlog. */
@Command(name = "chatlog",
        mixinStandardHelpOptions = true,
        version = "chatlog 0.1.0",
        description = "Persists AI chat conversations from Kafka into PostgreSQL and serves their history.",
        subcommands = {
            DevCommand.class,
            WorkerCommand.class,
            ApiCommand.class,
            MigrateCommand.class,
            RebuildCommand.class,
            DlqCommand.class,
            TokenCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ChatlogCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.routeJulToSlf4j();
        // The JDK reads this once, when the first HttpServer of the JVM starts (in dev mode the
        // worker's metrics server comes before the API's); without it responses wait on delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand and its environment-backed options. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ChatlogCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        addEnvOptions(commandLine);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                // configuration problems: their message already lists every problem plainly
                cl.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }

    private static void addEnvOptions(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof EnvBacked backed) {
                EnvOptions.addTo(sub.getCommandSpec(), backed.documentation());
            }
            addEnvOptions(sub);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
