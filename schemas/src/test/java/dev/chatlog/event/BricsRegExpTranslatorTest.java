package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BricsRegExpTranslatorTest {

    static Stream<String> patternsOutsideTheSubset() {
        return Stream.of(
                "abc", "^abc", "abc$", "^a\\$", "^a$b$", "^a|b$", "^(a$", "^a)$",
                "^.$", "^\\d$", "^\\w$", "^\\s$", "^\\p{L}$", "^\\t$", "^\\n$", "^\\u0041$", "^\\1$", "^a\\",
                "^(?:a)$", "^(?=a)a$", "^(?<n>a)$",
                "^a*?$", "^a+?$", "^a??$", "^a{2}?$", "^a**$", "^a{2}{3}$", "^*a$",
                "^a{,2}$", "^a{2,1}$", "^a{1001}$", "^a{123456}$", "^a{$", "^{$", "^}$", "^]$",
                "^[]$", "^[^a]$", "^[[]$", "^[a&&b]$", "^[\\d]$", "^[z-a]$", "^[a-z-0]$", "^[--z]$",
                "^[\\--z]$", "^[a-\\]]$", "^[a$", "^é$", "^[é]$", "^😀$", "^a\tb$");
    }

    @Test
    void escapesEveryLiteralSoThatNoneIsABricsOperator() {
        assertThat(BricsRegExpTranslator.translate("^\"&~#@<>$")).hasValue("\\\"\\&\\~\\#\\@\\<\\>");
    }

    @Test
    void keepsRangesAndQuantifiers() {
        assertThat(BricsRegExpTranslator.translate("^[A-Za-z0-9_.-]{1,64}$"))
                .hasValue("[\\A-\\Z\\a-\\z\\0-\\9\\_\\.\\-]{1,64}");
        assertThat(BricsRegExpTranslator.translate("^(\\.[0-9]{1,9})?([Zz]|[+-]x{2,})*$"))
                .hasValue("(\\.[\\0-\\9]{1,9})?([\\Z\\z]|[\\+\\-]\\x{2,})*");
    }

    @Test
    void writesAnEmptyAlternativeAsTheEmptyString() {
        assertThat(BricsRegExpTranslator.translate("^$")).hasValue("()");
        assertThat(BricsRegExpTranslator.translate("^(|a)$")).hasValue("(()|\\a)");
    }

    @ParameterizedTest
    @MethodSource("patternsOutsideTheSubset")
    void refusesPatternsOutsideTheSubset(String pattern) {
        assertThat(BricsRegExpTranslator.translate(pattern)).isEmpty();
    }
}
