package dev.chatlog.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses the test servers from {@value #SETTING}: {@code auto} (the default) takes Testcontainers
 * when a Docker engine answers and embedded servers otherwise; {@code embedded}, {@code testcontainers}
 * and {@code external} take that source. Unset, it means {@code external} when one of the external
 * servers' variables is set, as before the setting existed, and {@code auto} otherwise.
 */
public final class ServerSelection {

    public static final String SETTING = "CHATLOG_TEST_SERVERS";
    public static final String KAFKA_BOOTSTRAP = "CHATLOG_TEST_KAFKA_BOOTSTRAP";
    public static final String DB_URL = "CHATLOG_TEST_DB_URL";

    /** The values {@value #SETTING} takes; a switch over them has a case for each and no default. */
    enum Choice {
        AUTO, EMBEDDED, TESTCONTAINERS, EXTERNAL;

        /** The value as it is written in the setting, for example {@code testcontainers}. */
        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Case and surrounding blanks do not matter; anything else is an error listing every value. */
        static Choice parse(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (Choice choice : values()) {
                if (choice.value().equals(wanted)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + SETTING + ": must be one of "
                    + Arrays.stream(values()).map(Choice::value).collect(Collectors.joining(", ")));
        }
    }

    private ServerSelection() {
    }

    /**
     * The source {@code env} asks for. The probe is asked only when the choice depends on it.
     *
     * @throws IllegalArgumentException naming the variable when the setting is invalid, when
     *     {@code external} lacks a server, or when {@code testcontainers} finds no Docker engine
     */
    public static ServerSource choose(Map<String, String> env, DockerProbe docker) {
        String value = env.get(SETTING);
        boolean externalGiven = isSet(env, KAFKA_BOOTSTRAP) || isSet(env, DB_URL);
        if (value == null || value.isBlank()) {
            return externalGiven ? external(env) : auto(docker);
        }
        Choice choice = Choice.parse(value);
        if (externalGiven && choice != Choice.EXTERNAL) {
            throw new IllegalArgumentException(SETTING + "=" + choice.value() + " conflicts with " + KAFKA_BOOTSTRAP
                    + "/" + DB_URL + ", which name external servers: set " + SETTING + "=external, or unset them");
        }
        return switch (choice) {
            case AUTO -> auto(docker);
            case EMBEDDED -> ServerSource.EMBEDDED;
            case EXTERNAL -> external(env);
            case TESTCONTAINERS -> {
                if (!docker.dockerAvailable()) {
                    throw new IllegalArgumentException(SETTING + "=testcontainers, but no Docker engine answers;"
                            + " use auto or embedded on this machine");
                }
                yield ServerSource.TESTCONTAINERS;
            }
        };
    }

    private static ServerSource auto(DockerProbe docker) {
        return docker.dockerAvailable() ? ServerSource.TESTCONTAINERS : ServerSource.EMBEDDED;
    }

    private static ServerSource external(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of(KAFKA_BOOTSTRAP, DB_URL)) {
            if (!isSet(env, name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("external test servers need " + KAFKA_BOOTSTRAP + " and " + DB_URL
                    + "; missing: " + String.join(", ", missing));
        }
        return ServerSource.EXTERNAL;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
