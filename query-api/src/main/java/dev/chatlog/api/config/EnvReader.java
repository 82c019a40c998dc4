package dev.chatlog.api.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads typed values from an environment map, collecting every problem instead of failing on the first. */
final class EnvReader {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The value, or null when the variable is unset or blank. */
    String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String string(String name, String defaultValue) {
        String value = optional(name);
        return value == null ? defaultValue : value;
    }

    String required(String name, String what) {
        String value = optional(name);
        if (value == null) {
            problems.add("Missing required value for " + name + ": " + what);
        }
        return value;
    }

    int integer(String name, int defaultValue, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the same wording as an out-of-range value
        }
        invalid(name, value, "must be an integer in " + min + ".." + max);
        return defaultValue;
    }

    /** A PostgreSQL identifier (schema or role name), unquoted. */
    String identifier(String name, String defaultValue) {
        String value = string(name, defaultValue);
        if (!IDENTIFIER.matcher(value).matches()) {
            invalid(name, value, "must be an identifier of letters, digits and underscores, at most 63 long");
            return defaultValue;
        }
        return value;
    }

    /** An absolute http or https URL, or null when unset. */
    URI httpUrl(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        invalid(name, value, "must be an absolute http or https URL");
        return null;
    }

    void invalid(String name, String value, String rule) {
        problems.add("Invalid value '" + value + "' for " + name + ": " + rule);
    }

    void problem(String message) {
        problems.add(message);
    }

    List<String> problems() {
        return problems;
    }
}
