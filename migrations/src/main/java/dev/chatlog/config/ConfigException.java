package dev.chatlog.config;

import java.util.List;

/** The environment holds one or more invalid or missing settings; the message lists them all. */
public final class ConfigException extends IllegalArgumentException {

    private final List<String> problems;

    ConfigException(String component, List<String> problems) {
        super("The configuration of " + component + " has " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as one sentence, in the order of the settings. */
    public List<String> problems() {
        return problems;
    }
}
