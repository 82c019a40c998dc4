package dev.chatlog.publish;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a published event landed, handed to the history API so that it answers only once the
 * worker has applied that offset. {@link #encode()} gives opaque URL-safe text; {@link #decode}
 * accepts exactly that text and nothing else.
 */
public record ConsistencyToken(int partition, long offset) {

    private static final Pattern PLAIN = Pattern.compile("v1:(0|[1-9][0-9]{0,9}):(0|[1-9][0-9]{0,18})");
    private static final int MAX_ENCODED_LENGTH = 64;
    private static final int ECHO_MAX_LENGTH = 40;

    public ConsistencyToken {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "a consistency token needs a partition and offset of 0 or more, got " + partition + " and " + offset);
        }
    }

    /** Base64url, without padding, of {@code v1:<partition>:<offset>}. */
    public String encode() {
        byte[] plain = ("v1:" + partition + ":" + offset).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain);
    }

    /** The token {@code text} encodes; IllegalArgumentException when it is not exactly such a text. */
    public static ConsistencyToken decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("consistency token is missing");
        }
        if (text.isEmpty() || text.length() > MAX_ENCODED_LENGTH) {
            throw malformed(text);
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw malformed(text);
        }
        Matcher matcher = PLAIN.matcher(plain);
        if (!matcher.matches()) {
            throw malformed(text);
        }
        long partition = Long.parseLong(matcher.group(1));
        long offset;
        try {
            offset = Long.parseLong(matcher.group(2));
        } catch (NumberFormatException e) {
            throw malformed(text);
        }
        if (partition > Integer.MAX_VALUE) {
            throw malformed(text);
        }
        ConsistencyToken token = new ConsistencyToken((int) partition, offset);
        // Padded or otherwise equivalent spellings are refused, so that one position has one token.
        if (!token.encode().equals(text)) {
            throw malformed(text);
        }
        return token;
    }

    private static IllegalArgumentException malformed(String text) {
        String shown = text.length() <= ECHO_MAX_LENGTH ? text : text.substring(0, ECHO_MAX_LENGTH) + "...";
        return new IllegalArgumentException("consistency token '" + shown + "' is malformed");
    }
}
