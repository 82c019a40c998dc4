package dev.chatlog.worker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads settings from an environment map, collecting every problem instead of stopping at the first. */
final class EnvReader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The raw value, or the default; an empty value means the default too. */
    String string(Setting s) {
        String value = env.get(s.variable());
        if (value == null || value.isBlank()) {
            if (s.defaultValue() == null) {
                problems.add("Missing value for " + s.variable() + ": " + s.doc());
                return null;
            }
            return s.defaultValue();
        }
        return value.strip();
    }

    /** The raw value when the variable is set, even to the empty string; the default when unset. */
    String stringOrEmpty(Setting s) {
        String value = env.get(s.variable());
        return value == null ? s.defaultValue() : value.strip();
    }

    int integer(Setting s, int min, int max) {
        String value = string(s);
        if (value == null) {
            return min;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        invalid(s, value, "must be an integer in " + min + ".." + max);
        return min;
    }

    boolean bool(Setting s) {
        String value = string(s);
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                invalid(s, value, "must be true or false");
                yield false;
            }
        };
    }

    void invalid(Setting s, String value, String rule) {
        problems.add("Invalid value '" + value + "' for " + s.variable() + ": " + rule);
    }

    void problem(String message) {
        problems.add(message);
    }

    List<String> problems() {
        return problems;
    }
}
