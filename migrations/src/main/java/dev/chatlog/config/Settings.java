package dev.chatlog.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values of a component's settings, read from an environment map. Reading never stops at the
 * first problem: every missing or invalid value is collected, rules across settings add theirs
 * with {@link #invalid} or {@link #problem}, and {@link #check()} then fails once with all of them,
 * in Kafka's wording ({@code Invalid value 'abc' for CHATLOG_DB_POOL_SIZE: must be an integer in 1..64}).
 * Secrets never appear in a message or in {@link #describe()}, nor do passwords inside URLs.
 */
public final class Settings {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/@:]*:)[^/@]*@");
    private static final String HIDDEN = "****";

    private final String component;
    private final List<Setting> settings;
    private final Map<Setting, String> texts = new LinkedHashMap<>();
    private final Map<Setting, Object> values = new LinkedHashMap<>();
    private final Map<Setting, Boolean> given = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Settings(String component, List<Setting> settings) {
        this.component = component;
        this.settings = settings;
    }

    /**
     * Reads {@code settings} from {@code env}. A blank or unset variable takes the default (but see
     * {@link ValueType#emptyMeansNone()}); values are stripped of surrounding white space.
     *
     * @param component what is configured, for the error message, e.g. "the worker"
     */
    public static Settings read(String component, Map<String, String> env, List<? extends Setting> settings) {
        Settings read = new Settings(component, List.copyOf(settings));
        for (Setting s : read.settings) {
            read.readOne(s, env.get(s.variable()));
        }
        return read;
    }

    /** Concatenates groups of settings (shared ones and a component's own) into one list. */
    @SafeVarargs
    public static List<Setting> of(List<? extends Setting>... groups) {
        List<Setting> all = new ArrayList<>();
        for (List<? extends Setting> group : groups) {
            all.addAll(group);
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Every variable of {@code settings}, in their order, with its description and default, as the
     * launcher's {@code --help} and the README list them.
     */
    public static Map<String, String> documentation(List<? extends Setting> settings) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (Setting s : settings) {
            Setting.Definition d = s.definition();
            String def = d.defaultValue() == null ? "required" : d.defaultValue().isEmpty() ? "none" : d.defaultValue();
            docs.put(d.variable(), d.doc() + " (default: " + def + ")");
        }
        return Collections.unmodifiableMap(docs);
    }

    private void readOne(Setting s, String raw) {
        Setting.Definition d = s.definition();
        String text = raw == null ? null : raw.strip();
        boolean present = text != null && !text.isEmpty();
        if (text != null && text.isEmpty() && d.type().isEmptyMeansNone()) {
            given.put(s, true);
            texts.put(s, "");
            return;
        }
        if (!present) {
            if (d.defaultValue() == null) {
                problems.add("Missing required value for " + d.variable() + ": " + d.doc());
                return;
            }
            if (d.defaultValue().isEmpty()) {
                return;
            }
            text = d.defaultValue();
        }
        given.put(s, present);
        texts.put(s, text);
        try {
            values.put(s, d.type().parse(text));
        } catch (IllegalArgumentException e) {
            invalid(s, e.getMessage());
        }
    }

    /**
     * The value of {@code s}: null when it is unset without a default, set to "" where that means
     * none, or invalid (then {@link #check()} fails).
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting s) {
        requireKnown(s);
        return (T) values.get(s);
    }

    /** Whether the variable of {@code s} was set (not blank, or empty where that means none). */
    public boolean isGiven(Setting s) {
        requireKnown(s);
        return given.getOrDefault(s, false);
    }

    /** Reports that the value of {@code s} breaks {@code rule}, e.g. "must be at least 3". */
    public void invalid(Setting s, String rule) {
        requireKnown(s);
        problems.add("Invalid value '" + shown(s) + "' for " + s.variable() + ": " + rule);
    }

    /** Reports a problem that no single setting's value explains, e.g. two settings that exclude each other. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Whether every value read so far is valid. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** Returns this when no problem was found; throws {@link ConfigException} listing every problem otherwise. */
    public Settings check() {
        if (!problems.isEmpty()) {
            throw new ConfigException(component, problems);
        }
        return this;
    }

    /**
     * Every setting with its effective value, in order, secrets shown as {@code ****} and
     * passwords inside URLs masked, for the one log line at start-up.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Setting s : settings) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            String shown = texts.containsKey(s) ? shown(s) : "(none)";
            text.append(s.variable()).append('=').append(shown.isEmpty() ? "(none)" : shown);
        }
        return text.toString();
    }

    /** {@code text} with any password in it masked: a {@code password=} parameter or the password of {@code user:password@}. */
    public static String maskUrl(String text) {
        if (text == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1" + HIDDEN);
        return URL_USER_INFO.matcher(masked).replaceAll("$1" + HIDDEN + "@");
    }

    private String shown(Setting s) {
        String text = texts.getOrDefault(s, "");
        if (s.definition().type().isSecret() && !text.isEmpty()) {
            return HIDDEN;
        }
        return maskUrl(text);
    }

    private void requireKnown(Setting s) {
        if (!settings.contains(s)) {
            throw new IllegalArgumentException(s.variable() + " is not a setting of " + component);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
