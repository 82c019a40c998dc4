package dev.chatlog.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Validates several parameters and refuses the request once, naming every bad one. */
public final class ParameterCheck {

    private final List<InvalidParam> problems = new ArrayList<>();

    /** The parsed value, or {@code fallback} after noting why it was refused. */
    public <T> T get(Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (ApiException e) {
            if (e.invalidParams().isEmpty()) {
                throw e;
            }
            problems.addAll(e.invalidParams());
            return fallback;
        }
    }

    public void refuse(String name, String reason) {
        problems.add(new InvalidParam(name, reason));
    }

    /** Throws a 400 naming every refused parameter, if any. */
    public void done() {
        if (!problems.isEmpty()) {
            throw ApiException.badParameters(problems);
        }
    }
}
