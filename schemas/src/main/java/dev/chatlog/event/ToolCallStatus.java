package dev.chatlog.event;

/** How a tool call ended; JSON {@code "ok"} or {@code "error"}. */
public enum ToolCallStatus {
    OK("ok"),
    ERROR("error");

    private final String json;

    ToolCallStatus(String json) {
        this.json = json;
    }

    /** The JSON (and database) spelling. */
    public String json() {
        return json;
    }

    /** The status spelled {@code json}; an unknown spelling is an error, never a default. */
    public static ToolCallStatus fromJson(String json) {
        for (ToolCallStatus status : values()) {
            if (status.json.equals(json)) {
                return status;
            }
        }
        throw new IllegalArgumentException("tool call status '" + json + "' is not one of ok, error");
    }
}
