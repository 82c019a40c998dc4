package dev.chatlog.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistencyTokenTest {

    @Test
    void decodesWhatItEncodes() {
        for (ConsistencyToken token : new ConsistencyToken[] {
                new ConsistencyToken(0, 0), new ConsistencyToken(2, 41_993),
                new ConsistencyToken(Integer.MAX_VALUE, Long.MAX_VALUE)}) {
            assertThat(ConsistencyToken.decode(token.encode())).isEqualTo(token);
        }
    }

    @Test
    void encodesAsUrlSafeBase64OfVersionPartitionAndOffsetWithoutPadding() {
        String encoded = new ConsistencyToken(2, 41_993).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII)).isEqualTo("v1:2:41993");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not a token",
            "djE6Mjo0MTk5Mw==",            // v1:2:41993 with padding
            "djE6Mjo0MTk5Mw+",             // not URL-safe base64
            "djI6Mjo0MTk5Mw",              // v2:2:41993
            "djE6Mg",                      // v1:2
            "djE6LTE6NQ",                  // v1:-1:5
            "djE6MDI6NQ",                  // v1:02:5
            "djE6MjE0NzQ4MzY0ODo1",        // v1:2147483648:5, partition beyond int
            "djE6MTo5MjIzMzcyMDM2ODU0Nzc1ODA4", // v1:1:9223372036854775808, offset beyond long
            "djE6Mjo0MTk5Mzp4",            // v1:2:41993:x
            "ZGpFNk1qbzBNVGs1TXdaZGpFNk1qbzBNVGs1TXdaZGpFNk1qbzBNVGs1TXdaZGpFNk1qbzBNVGs1TXdaZGpF"})
    void rejectsMalformedTokensNamingTheToken(String text) {
        assertThatThrownBy(() -> ConsistencyToken.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("consistency token '")
                .hasMessageEndingWith("' is malformed");
    }

    @Test
    void shortensALongMalformedTokenInItsMessage() {
        assertThatThrownBy(() -> ConsistencyToken.decode("x".repeat(500)))
                .hasMessage("consistency token '" + "x".repeat(40) + "...' is malformed");
    }

    @Test
    void rejectsAMissingToken() {
        assertThatThrownBy(() -> ConsistencyToken.decode(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consistency token is missing");
    }

    @Test
    void refusesANegativePosition() {
        assertThatThrownBy(() -> new ConsistencyToken(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsistencyToken(0, -5)).isInstanceOf(IllegalArgumentException.class);
    }
}
