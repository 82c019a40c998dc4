package dev.chatlog.launcher;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns every CHATLOG_* variable a configuration reads into a command-line option of the same
 * meaning ({@code CHATLOG_DB_URL} becomes {@code --db-url}), so {@code --help} lists each option
 * with the variable behind it, and an option given on the command line wins over the variable.
 */
final class EnvOptions {

    private static final String PREFIX = "CHATLOG_";

    private EnvOptions() {
    }

    /** The option name of a variable: CHATLOG_DB_URL becomes --db-url. */
    static String optionName(String variable) {
        if (!variable.startsWith(PREFIX)) {
            throw new IllegalArgumentException("variable " + variable + " lacks the " + PREFIX + " prefix");
        }
        return "--" + variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Adds one option per documented variable to {@code spec}. */
    static void addTo(CommandSpec spec, Map<String, String> documentation) {
        documentation.forEach((variable, doc) -> {
            String name = optionName(variable);
            if (spec.findOption(name) == null) {
                spec.addOption(OptionSpec.builder(name)
                        .paramLabel("<value>")
                        .type(String.class)
                        .description(doc + " [env " + variable + "]")
                        .build());
            }
        });
    }

    /** The environment with every option given on the command line laid over it. */
    static Map<String, String> environment(CommandSpec spec, Map<String, String> documentation,
            Map<String, String> env) {
        Map<String, String> merged = new HashMap<>(env);
        for (String variable : documentation.keySet()) {
            OptionSpec option = spec.findOption(optionName(variable));
            if (option != null && option.getValue() != null) {
                merged.put(variable, option.getValue());
            }
        }
        return merged;
    }
}
