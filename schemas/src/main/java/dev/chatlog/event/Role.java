package dev.chatlog.event;

/** Who wrote a message; JSON {@code "user"}, {@code "assistant"} or {@code "system"}. */
public enum Role {
    USER("user"),
    ASSISTANT("assistant"),
    SYSTEM("system");

    private final String json;

    Role(String json) {
        this.json = json;
    }

    /** The JSON (and database) spelling. */
    public String json() {
        return json;
    }

    /** The role spelled {@code json}; an unknown spelling is an error, never a default. */
    public static Role fromJson(String json) {
        for (Role role : values()) {
            if (role.json.equals(json)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + json + "' is not one of user, assistant, system");
    }
}
