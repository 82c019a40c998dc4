package dev.chatlog.worker.failure;

/** What a failure means for the worker, and so what it does about it. */
public enum FailureClass {
    /** The record cannot be stored as it is: dead-letter it, never retry. */
    BAD_INPUT("bad-input"),
    /** A server is unreachable or busy: retry with backoff, keeping the batch and its place. */
    TRANSIENT("transient"),
    /** A defect or a wrong configuration: stop with a clear message and a non-zero exit. */
    BUG("bug");

    private final String code;

    FailureClass(String code) {
        this.code = code;
    }

    /** The lower-kebab spelling used in dead-letter headers and logs. */
    public String code() {
        return code;
    }
}
