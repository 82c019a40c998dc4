package dev.chatlog.api;

import java.util.concurrent.ConcurrentHashMap;

/** One HS256 token per user per test JVM, so repeated calls hit the verified-token cache as real clients do. */
final class TestTokensFor {

    private static final ConcurrentHashMap<String, String> TOKENS = new ConcurrentHashMap<>();

    private TestTokensFor() {
    }

    static String user(String user) {
        return TOKENS.computeIfAbsent(user, TestTokens::hs256);
    }
}
