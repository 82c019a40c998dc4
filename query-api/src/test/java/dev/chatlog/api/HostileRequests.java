package dev.chatlog.api;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of the parts of hostile requests: URL text as it goes on the wire
 * (known-hostile pieces, percent-encoded odd UTF-8, raw bytes), numbers at and beyond every bound,
 * text with control characters and lone surrogates, cursors, and JSON values for token claims.
 * Everything is built from the library's generators, so a failing case shrinks.
 */
final class HostileRequests {

    /** Pieces of URL text, already encoded as they go on the wire. */
    static final List<String> PIECES = List.of("a", "Z", "9", "-", "_", ".", ":", "@", "|", "=", "+", "/", "//",
            "shared-id", "others-only", "%00", "%01", "%1f", "%7f", "%ff", "%fe", "%C0%80", "%E0%80%80", "%F0%80%80%80",
            "%ED%A0%80", "%ED%B0%80", "%F0%9F%98%80", "%F4%90%80%80", "%C3%A9", "%C3", "%E2%80", "%E2%80%AE", "%EF%BB%BF",
            "%", "%%", "%0", "%zz", "%u0041", "%2500", "%252F", "%2F", "%2f", "%2e%2e", "..", "%3F", "%23", "%26", "%3D",
            "%20", "%2B", "%5C", "'", "%27", "%22", "%3B", "--", "*", "%2A", "%5B%5D", "%7B%7D", "$", "%24", "~", "!",
            "(", ")", ",", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e308", "-0",
            "0x7f", "NaN", "Infinity", "99999999999999999999999999", "%EF%BF%BD", "%E0%A5%A9");
    /** Times a cursor may hold are microseconds within years 1 to 9999: these are the edges and one past. */
    static final long MIN_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("0001-01-01T00:00:00Z"));
    static final long MAX_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999Z"));
    /** Bytes that may stand raw in a request target without ending it: all but space, CR and LF. */
    private static final List<Integer> RAW_TARGET_BYTES = IntStream.range(0, 256)
            .filter(b -> b != ' ' && b != '\r' && b != '\n').boxed().toList();

    private HostileRequests() {
    }

    // --- numbers and text

    /** Numbers as text: any long, the edges of long and of cursor times, beyond long, negative, and non-numbers. */
    static Gen<String> numbers() {
        return Generate.frequency(
                Pair.of(2, longs().all().map(n -> Long.toString(n))),
                Pair.of(1, Generate.longRange(Long.MAX_VALUE - 2, Long.MAX_VALUE).map(n -> Long.toString(n))),
                Pair.of(1, Generate.longRange(Long.MIN_VALUE, Long.MIN_VALUE + 2).map(n -> Long.toString(n))),
                Pair.of(1, Generate.longRange(MIN_MICROS - 1, MIN_MICROS + 1).map(n -> Long.toString(n))),
                Pair.of(1, Generate.longRange(MAX_MICROS - 1, MAX_MICROS + 1).map(n -> Long.toString(n))),
                Pair.of(1, Generate.range(1, 40).map(n -> "9".repeat(n))),
                Pair.of(1, Generate.range(-1_000, -1).map(n -> Integer.toString(n))),
                Pair.of(2, Generate.range(0, 101).map(n -> Integer.toString(n))),
                Pair.of(1, Generate.pick(List.of("1e308", "-0", "0x7f", "NaN", "Infinity", "1.5", "+1", " 1", "01", "",
                        "-9000000000000000000", "9223372036854775808", "-9223372036854775809", "\u0661"))));
    }

    /** Java text: control characters (NUL included), lone surrogates, astral characters, digits and cursor prefixes. */
    static Gen<String> hostileText() {
        Gen<String> unit = Generate.frequency(
                Pair.of(1, Generate.range(0, 0x1f).map(c -> String.valueOf((char) c.intValue()))),
                Pair.of(1, Generate.range(0xD800, 0xDFFF).map(c -> String.valueOf((char) c.intValue()))),
                Pair.of(1, Generate.range(0x1F600, 0x1F64F).map(cp -> new String(Character.toChars(cp)))),
                Pair.of(1, Generate.pick(List.of("0", "-1", "9223372036854775807", "99999999999999999999", ":", "c1:",
                        "i1:", "t1:", "s1:", "%", "\u00e9", "\u202e", "\ufeff", "\uffff"))),
                Pair.of(4, Generate.range('a', 'z').map(c -> String.valueOf((char) c.intValue()))));
        Gen<String> composed = lists().of(unit).ofSizeBetween(0, 40).zip(longRun("y", 3_000),
                (units, run) -> String.join("", units) + run);
        // and text over every code point, surrogates and U+0000 included
        return Generate.frequency(Pair.of(3, composed), Pair.of(1, strings().allPossible().ofLengthBetween(0, 20)));
    }

    /** Mostly nothing, now and then a run of up to {@code max} copies of {@code c}: long strings. */
    static Gen<String> longRun(String c, int max) {
        return Generate.frequency(Pair.of(19, Generate.constant("")), Pair.of(1, Generate.range(1, max).map(n -> c.repeat(n))));
    }

    // --- URL text, as it goes on the wire

    /**
     * One piece of URL text: a hostile piece, a code point as (generalized) percent-encoded UTF-8, bytes
     * percent-encoded, raw bytes (mostly of UTF-8 sequences, now and then any but space, CR and LF), a number.
     */
    static Gen<String> urlPiece() {
        Gen<Integer> codePoint = Generate.frequency(Pair.of(3, Generate.range(0, 0x7f)),
                Pair.of(2, Generate.range(0xD800, 0xDFFF)), Pair.of(2, Generate.range(0x80, 0x10FFFF)),
                Pair.of(1, Generate.pick(List.of(0xFFFE, 0xFFFF, 0x110000, 0x1FFFFF))));
        Gen<String> bytes = lists().of(Generate.range(0, 255)).ofSizeBetween(1, 4).map(list -> percentEncoded(list));
        Gen<Integer> rawByte = Generate.frequency(Pair.of(3, Generate.range(0xA1, 0xFF)),
                Pair.of(1, Generate.pick(RAW_TARGET_BYTES)));
        Gen<String> raw = lists().of(rawByte).ofSizeBetween(1, 3)
                .map(list -> list.stream().map(b -> String.valueOf((char) b.intValue())).reduce("", String::concat));
        return Generate.frequency(Pair.of(8, Generate.pick(PIECES)),
                Pair.of(3, codePoint.map(cp -> percentEncoded(generalizedUtf8(cp)))),
                Pair.of(2, bytes), Pair.of(1, raw),
                Pair.of(2, numbers().map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))));
    }

    /** Up to {@code maxPieces} URL pieces, sometimes followed by a run of thousands of characters. */
    static Gen<String> hostile(int maxPieces) {
        return lists().of(urlPiece()).ofSizeBetween(1, maxPieces).zip(longRun("x", 5_000),
                (pieces, run) -> String.join("", pieces) + run);
    }

    /** {@code route} with each path parameter replaced by what {@code ids} makes. */
    static Gen<String> path(List<String> routes, Gen<String> ids) {
        return Generate.pick(routes).flatMap(route -> lists().of(ids).ofSize(parameterCount(route))
                .map(values -> withIds(route, values)));
    }

    /**
     * A query string of up to five parameters, named from {@code names} or hostile, given a value or not,
     * the first one sometimes repeated, joined by {@code &} or odder separators.
     */
    static Gen<String> query(List<String> names, Gen<String> values) {
        Gen<String> name = Generate.frequency(Pair.of(2, Generate.pick(names)), Pair.of(1, hostile(2)));
        Gen<String> parameter = name.zip(values, Generate.range(0, 7), (n, v, bare) -> bare == 0 ? n : n + "=" + v);
        Gen<String> separator = Generate.frequency(Pair.of(12, Generate.constant("&")),
                Pair.of(1, Generate.pick(List.of("&&", ";", "&amp;", "&=&"))));
        Gen<List<String>> parameters = lists().of(parameter).ofSizeBetween(0, 5).zip(Generate.range(0, 3),
                (list, repeat) -> {
                    List<String> all = new ArrayList<>(list);
                    if (repeat == 0 && !all.isEmpty()) {
                        all.add(all.getFirst());
                    }
                    return all;
                });
        return parameters.zip(separator, (list, sep) -> list.isEmpty() ? "" : "?" + String.join(sep, list));
    }

    // --- cursors

    /**
     * Cursors: the shapes of the API's four kinds, mostly with the prefix of the list they are sent to
     * ({@code prefix}), with values in range and hostile ones; random bytes; and broken base64.
     */
    static Gen<String> cursors(String prefix) {
        Gen<String> prefixes = Generate.frequency(Pair.of(3, Generate.constant(prefix)),
                Pair.of(1, Generate.pick(List.of("c1:", "i1:", "t1:", "s1:", "", "C1:", "c2:", "c1::"))));
        Gen<String> number = Generate.frequency(Pair.of(2, numbers()),
                Pair.of(1, Generate.longRange(MIN_MICROS, MAX_MICROS).map(n -> Long.toString(n))),
                Pair.of(1, Generate.range(0, 1_000).map(n -> Integer.toString(n))));
        Gen<String> id = Generate.frequency(Pair.of(2, hostileText()), Pair.of(1, Generate.constant("shared-id")),
                Pair.of(1, Generate.constant("others-only")));
        Gen<String> text = Generate.frequency(
                Pair.of(2, prefixes.zip(number, id, (p, n, i) -> p + n + ":" + i)),
                Pair.of(2, prefixes.zip(number, (p, n) -> p + n)),
                Pair.of(2, prefixes.zip(number, number, (p, a, b) -> p + a + ":" + b)
                        .zip(id, (head, i) -> head + ":" + i)),
                Pair.of(1, hostileText()));
        Gen<byte[]> bytes = Generate.frequency(Pair.of(3, text.map(t -> generalizedUtf8(t))),
                Pair.of(1, Generate.byteArrays(Generate.range(0, 60), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE,
                        (byte) 0))));
        Gen<String> encoded = bytes.zip(Generate.range(0, 9), (b, how) -> switch (how) {
            case 0 -> Base64.getUrlEncoder().encodeToString(b);
            case 1 -> Base64.getEncoder().encodeToString(b);
            case 2 -> Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "=";
            default -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
        return Generate.frequency(Pair.of(8, encoded), Pair.of(1, encoded.zip(hostile(2), String::concat)),
                Pair.of(1, hostile(3)));
    }

    // --- token claims

    /** A JSON value for {@code sub}: hostile strings, ids at the length limit, and values of other JSON types. */
    static Gen<String> subjects(String other) {
        return Generate.frequency(
                Pair.of(3, hostileText().map(HostileRequests::json)),
                Pair.of(1, numbers().map(n -> n.isBlank() ? "0" : n)),
                Pair.of(1, Generate.range(0, other.length() - 1).zip(hostileText(),
                        (cut, tail) -> json(other.substring(0, cut) + tail))),
                Pair.of(1, hostile(3).map(HostileRequests::json)),
                Pair.of(1, Generate.range(120, 140).map(n -> json("s".repeat(n)))),
                Pair.of(1, Generate.pick(List.of("[" + json(other) + "]", "{\"id\":" + json(other) + "}", "null", "true",
                        "\"\"", json(other + "\u0000"), json(other + "\ud800"), json(" " + other)))));
    }

    /** A JSON value for a time claim: now (give or take), or a hostile number or other type. */
    static Gen<String> times(long now, long offset) {
        return Generate.frequency(Pair.of(3, Generate.longRange(now + offset - 5, now + offset).map(t -> Long.toString(t))),
                Pair.of(1, numbers().map(n -> n.isBlank() ? "0" : n)),
                Pair.of(1, Generate.pick(List.of("1e308", "\"soon\"", "null", "1.5", "[]", "{}", "-1",
                        Long.toString(now - 3_600), "99999999999999999999999"))));
    }

    // --- encodings

    /** Code points as UTF-8 bytes, encoding surrogates and values beyond U+10FFFF too, as no conforming encoder would. */
    static byte[] generalizedUtf8(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        text.codePoints().forEach(cp -> out.writeBytes(generalizedUtf8(cp)));
        return out.toByteArray();
    }

    static byte[] generalizedUtf8(int cp) {
        if (cp < 0x80) {
            return new byte[] {(byte) cp};
        }
        if (cp < 0x800) {
            return new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)};
        }
        if (cp < 0x10000) {
            return new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        }
        return new byte[] {(byte) (0xF0 | cp >> 18 & 0x07), (byte) (0x80 | cp >> 12 & 0x3F),
                (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
    }

    static String percentEncoded(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    static String percentEncoded(List<Integer> bytes) {
        StringBuilder out = new StringBuilder();
        for (int b : bytes) {
            out.append(b % 2 == 0 ? String.format("%%%02X", b) : String.format("%%%02x", b));
        }
        return out.toString();
    }

    /** {@code text} as a JSON string, every character outside printable ASCII escaped, lone surrogates too. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Text as UTF-8 bytes shown one char per byte, as an HTTP head carries them; CR and LF dropped. */
    static String onTheWire(String text) {
        return new String(generalizedUtf8(text.replace("\r", "").replace("\n", "")), StandardCharsets.ISO_8859_1);
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    static int parameterCount(String route) {
        return (int) PARAMETER.matcher(route).results().count();
    }

    static String withIds(String route, List<String> ids) {
        Matcher m = PARAMETER.matcher(route);
        StringBuilder out = new StringBuilder();
        for (int i = 0; m.find(); i++) {
            m.appendReplacement(out, Matcher.quoteReplacement(ids.get(i)));
        }
        return m.appendTail(out).toString();
    }
}
