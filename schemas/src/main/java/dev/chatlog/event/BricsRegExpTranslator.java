package dev.chatlog.event;

import java.util.Optional;

/**
 * Translates a JSON Schema {@code pattern} (ECMA-262) into dk.brics automaton syntax, but only when it
 * lies in a small subset that means the same in both: anchored by {@code ^} and {@code $}, ASCII only,
 * literals, escaped punctuation, positive character classes of literals and ranges, groups, alternation
 * inside groups and greedy quantifiers. Every literal is emitted escaped, so that no character reaches
 * brics as one of its own operators.
 */
final class BricsRegExpTranslator {

    /** Larger repetition bounds would make a large DFA; no pattern of ours comes near. */
    private static final int MAX_REPEAT = 1000;
    private static final char END = '\uFFFF';

    // Outside a class: characters that are neither ECMA-262 nor java.util.regex syntax.
    private static final String LITERALS = " !\"#%&',-/:;<=>@_~";
    // Inside a class only \ ] - and a leading ^ are special in ECMA-262; java.util.regex adds [ and &&.
    private static final String CLASS_LITERALS = " !\"#$%'()*+,./:;<=>?@^_{|}~";
    // Escaping any of these means the character itself in ECMA-262 and in java.util.regex.
    private static final String ESCAPABLE = "$()*+-./?[\\]^{|}";

    private final String pattern;
    private int pos;

    private BricsRegExpTranslator(String pattern) {
        this.pattern = pattern;
    }

    /** The brics form of {@code pattern} for {@code new RegExp(form, RegExp.NONE)}, or empty when outside the subset. */
    static Optional<String> translate(String pattern) {
        if (!pattern.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BricsRegExpTranslator(pattern).anchoredPattern());
        } catch (OutsideSubset e) {
            return Optional.empty();
        }
    }

    // ^ and $ bind tighter than |, so ^a|b$ is (^a)|(b$); hence no alternation at the top level.
    private String anchoredPattern() throws OutsideSubset {
        expect('^');
        String body = sequence();
        expect('$');
        if (pos != pattern.length()) {
            throw new OutsideSubset();
        }
        return body;
    }

    private String alternation() throws OutsideSubset {
        StringBuilder out = new StringBuilder(sequence());
        while (peek() == '|') {
            pos++;
            out.append('|').append(sequence());
        }
        return out.toString();
    }

    private String sequence() throws OutsideSubset {
        StringBuilder out = new StringBuilder();
        while (peek() != '|' && peek() != ')' && peek() != '$' && peek() != END) {
            out.append(atom()).append(quantifier());
        }
        return out.isEmpty() ? "()" : out.toString();
    }

    private String atom() throws OutsideSubset {
        char c = peek();
        if (c == '(') {
            pos++;
            if (peek() == '?') {
                throw new OutsideSubset();
            }
            String inner = alternation();
            expect(')');
            return "(" + inner + ")";
        }
        if (c == '[') {
            return characterClass();
        }
        if (c == '\\') {
            return escaped(escape());
        }
        if (isLetterOrDigit(c) || LITERALS.indexOf(c) >= 0) {
            pos++;
            return escaped(c);
        }
        throw new OutsideSubset();
    }

    private String quantifier() throws OutsideSubset {
        String quantifier = switch (peek()) {
            case '?', '*', '+' -> String.valueOf(pattern.charAt(pos++));
            case '{' -> bounds();
            default -> "";
        };
        // Rejects lazy quantifiers (a*?) and quantified quantifiers (a*{2}), both outside the subset.
        if (!quantifier.isEmpty() && "?*+{".indexOf(peek()) >= 0) {
            throw new OutsideSubset();
        }
        return quantifier;
    }

    private String bounds() throws OutsideSubset {
        expect('{');
        int min = number();
        if (peek() == '}') {
            pos++;
            return "{" + min + "}";
        }
        expect(',');
        if (peek() == '}') {
            pos++;
            return "{" + min + ",}";
        }
        int max = number();
        expect('}');
        if (max < min) {
            throw new OutsideSubset();
        }
        return "{" + min + "," + max + "}";
    }

    private int number() throws OutsideSubset {
        int start = pos;
        while (pos - start < 5 && isDigit(peek())) {
            pos++;
        }
        if (pos == start || isDigit(peek())) {
            throw new OutsideSubset();
        }
        int value = Integer.parseInt(pattern, start, pos, 10);
        if (value > MAX_REPEAT) {
            throw new OutsideSubset();
        }
        return value;
    }

    // A dash is a literal only first or last; a range joins two unescaped literals other than a dash.
    private String characterClass() throws OutsideSubset {
        expect('[');
        if (peek() == '^' || peek() == ']') {
            throw new OutsideSubset();
        }
        StringBuilder out = new StringBuilder("[");
        boolean first = true;
        while (peek() != ']') {
            if (peek() == '-') {
                if (!first && peekAt(1) != ']') {
                    throw new OutsideSubset();
                }
                pos++;
                out.append(escaped('-'));
            } else {
                boolean fromEscaped = peek() == '\\';
                char from = classAtom();
                if (peek() == '-' && peekAt(1) != ']') {
                    pos++;
                    if (fromEscaped || peek() == '\\' || peek() == '-') {
                        throw new OutsideSubset();
                    }
                    char to = classAtom();
                    if (to < from) {
                        throw new OutsideSubset();
                    }
                    out.append(escaped(from)).append('-').append(escaped(to));
                } else {
                    out.append(escaped(from));
                }
            }
            first = false;
        }
        pos++;
        return out.append(']').toString();
    }

    private char classAtom() throws OutsideSubset {
        char c = peek();
        if (c == '\\') {
            return escape();
        }
        if (isLetterOrDigit(c) || CLASS_LITERALS.indexOf(c) >= 0) {
            pos++;
            return c;
        }
        throw new OutsideSubset();
    }

    private char escape() throws OutsideSubset {
        expect('\\');
        char c = peek();
        if (ESCAPABLE.indexOf(c) < 0) {
            throw new OutsideSubset();
        }
        pos++;
        return c;
    }

    private void expect(char c) throws OutsideSubset {
        if (peek() != c) {
            throw new OutsideSubset();
        }
        pos++;
    }

    private char peek() {
        return peekAt(0);
    }

    private char peekAt(int offset) {
        return pos + offset < pattern.length() ? pattern.charAt(pos + offset) : END;
    }

    private static String escaped(char c) {
        return "\\" + c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetterOrDigit(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The pattern uses something outside the subset; thrown only to unwind the parse. */
    private static final class OutsideSubset extends Exception {

        OutsideSubset() {
            super(null, null, false, false);
        }
    }
}
