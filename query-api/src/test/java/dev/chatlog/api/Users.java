package dev.chatlog.api;

/** User ids shaped like Better Auth's: 32 characters, not a UUID. */
final class Users {

    private Users() {
    }

    static String id(String name) {
        return (name + "Xq7bT2mLp9RzK4vW8cN1dF6hJ3sA5yGe").substring(0, 32);
    }
}
