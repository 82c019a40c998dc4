package dev.chatlog.event;

import com.networknt.schema.Error;

/**
 * Turns a validator error into a {@link Violation}: the pointer names the offending field itself
 * (also for a missing or unknown field), and the message is a sentence that starts with its name.
 * A schema's {@code errorMessage} for a keyword wins over the generic wording.
 */
final class SchemaErrorText {

    private SchemaErrorText() {
    }

    static Violation violation(Error error) {
        String pointer = error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        boolean namesChild = "required".equals(keyword) || "additionalProperties".equals(keyword);
        if (namesChild && error.getProperty() != null) {
            pointer = pointer + "/" + escape(error.getProperty());
        }
        return new Violation(pointer, subject(pointer) + " " + predicate(keyword, error));
    }

    private static String predicate(String keyword, Error error) {
        if (error.isCustomMessage()) {
            return error.getMessage();
        }
        Object[] args = error.getArguments();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            case "false" -> "is not allowed here";
            case "type" -> "must be of type " + args[1] + ", not " + args[0];
            case "enum" -> "must be one of " + args[0];
            case "pattern" -> "must match the pattern " + args[0];
            case "maxLength" -> "must be at most " + args[0] + " characters long";
            case "minLength" -> "must be at least " + args[0] + (args[0].equals(1) ? " character long" : " characters long");
            case "format" -> format(String.valueOf(args[0]));
            default -> error.getMessage();
        };
    }

    private static String format(String format) {
        return switch (format) {
            case "uuid" -> "must be a UUID such as 3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0c";
            case "date-time" -> "must be an RFC 3339 date-time such as 2025-06-13T09:15:02.120Z";
            default -> "must be a valid " + format;
        };
    }

    private static String subject(String pointer) {
        if (pointer.isEmpty()) {
            return "the event";
        }
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        return last.replace("~1", "/").replace("~0", "~");
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }
}
