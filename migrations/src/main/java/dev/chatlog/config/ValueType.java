package dev.chatlog.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a value, and the rule it must follow. A parser signals a value
 * that breaks the rule by throwing {@link IllegalArgumentException} with the rule as message, worded
 * to follow "Invalid value 'x' for CHATLOG_X: ".
 *
 * @param <T> the type of the value
 */
public final class ValueType<T> {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final Function<String, T> parser;
    private final boolean secret;
    private final boolean emptyMeansNone;

    private ValueType(Function<String, T> parser, boolean secret, boolean emptyMeansNone) {
        this.parser = parser;
        this.secret = secret;
        this.emptyMeansNone = emptyMeansNone;
    }

    /** A type checked by {@code parser}, which throws IllegalArgumentException with the rule. */
    public static <T> ValueType<T> of(Function<String, T> parser) {
        return new ValueType<>(parser, false, false);
    }

    /** Any text. */
    public static ValueType<String> text() {
        return of(Function.identity());
    }

    /** Any text that is never logged, shown in error messages or in {@link Settings#describe()}. */
    public static ValueType<String> secret() {
        return new ValueType<>(Function.identity(), true, false);
    }

    /** An integer in {@code min..max}. */
    public static ValueType<Integer> integer(int min, int max) {
        return of(text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the same rule as a number out of range
            }
            throw new IllegalArgumentException("must be an integer in " + min + ".." + max);
        });
    }

    /** A duration given in milliseconds, {@code min..max}. */
    public static ValueType<Duration> millis(int min, int max) {
        ValueType<Integer> n = integer(min, max);
        return of(text -> Duration.ofMillis(n.parse(text)));
    }

    /** A duration given in seconds, {@code min..max}. */
    public static ValueType<Duration> seconds(int min, int max) {
        ValueType<Integer> n = integer(min, max);
        return of(text -> Duration.ofSeconds(n.parse(text)));
    }

    /** A TCP port, 0 meaning "pick a free one" or "off" as the setting says. */
    public static ValueType<Integer> port() {
        return integer(0, 65_535);
    }

    /** {@code true} or {@code false}, in any case. */
    public static ValueType<Boolean> bool() {
        return of(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    /** A lower-case SQL identifier (a schema or role name), safe to use unquoted. */
    public static ValueType<String> identifier() {
        return of(text -> {
            if (!IDENTIFIER.matcher(text).matches()) {
                throw new IllegalArgumentException("must be a lower-case SQL identifier: a-z, 0-9 and _,"
                        + " not starting with a digit, at most 63 characters");
            }
            return text;
        });
    }

    /** A Kafka topic name. */
    public static ValueType<String> topic() {
        return of(text -> {
            if (!TOPIC_NAME.matcher(text).matches() || text.equals(".") || text.equals("..")) {
                throw new IllegalArgumentException("must be a Kafka topic name: 1 to 249 characters of a-z A-Z 0-9 . _ -");
            }
            return text;
        });
    }

    /** A PostgreSQL JDBC URL. */
    public static ValueType<String> jdbcUrl() {
        return of(text -> {
            if (!text.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
            }
            return text;
        });
    }

    /** An absolute http or https URL. */
    public static ValueType<URI> httpUrl() {
        return of(text -> {
            try {
                URI uri = new URI(text);
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // the same rule as another scheme
            }
            throw new IllegalArgumentException("must be an absolute http or https URL");
        });
    }

    /**
     * This type, where a variable set to the empty string means "none" (the value is null) instead
     * of the default; an unset variable still takes the default.
     */
    public ValueType<T> emptyMeansNone() {
        return new ValueType<>(parser, secret, true);
    }

    T parse(String text) {
        return parser.apply(text);
    }

    boolean isSecret() {
        return secret;
    }

    boolean isEmptyMeansNone() {
        return emptyMeansNone;
    }
}
