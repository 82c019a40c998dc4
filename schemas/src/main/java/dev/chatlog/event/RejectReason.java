package dev.chatlog.event;

/** Why a record is not a valid event; {@link #code()} is the lower-kebab form used in headers and logs. */
public enum RejectReason {
    /** The value is not one well-formed JSON document (or is empty). */
    INVALID_JSON,
    /** The JSON breaks the schema of its type in a way other than a size limit. */
    SCHEMA_VIOLATION,
    /** {@code type} is not one of the version 1 types. */
    UNKNOWN_TYPE,
    /** {@code version} is present and not 1. */
    UNSUPPORTED_VERSION,
    /** The record key is not {@code user_id} as UTF-8 (or is missing). */
    KEY_MISMATCH,
    /** A field is longer or larger than its documented limit. */
    OVER_LIMIT;

    private final String code = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    /** e.g. {@code "invalid-json"}. */
    public String code() {
        return code;
    }
}
