package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTest {

    private static final String HEADLINE = "call " + Snippets.START + "<b>dentist</b>" + Snippets.STOP + " \"today\" & 5 < 7 it's";

    @Test
    void escapesTheTextAndPutsTheConfiguredMarkersAroundMatches() {
        assertThat(Snippets.render(HEADLINE, SearchSettings.DEFAULT))
                .isEqualTo("call <mark>&lt;b&gt;dentist&lt;/b&gt;</mark> &quot;today&quot; &amp; 5 &lt; 7 it&#39;s");
    }

    @Test
    void leavesTheTextAsItIsWhenEscapingIsOff() {
        assertThat(Snippets.render(HEADLINE, new SearchSettings("simple", "[", "]", false)))
                .isEqualTo("call [<b>dentist</b>] \"today\" & 5 < 7 it's");
    }

    @Test
    void refusesAConfigurationNameThatIsNotAPlainIdentifier() {
        assertThat(SearchSettings.CONFIGURATION.matcher("pg_catalog.english").matches()).isTrue();
        assertThat(SearchSettings.CONFIGURATION.matcher("english'); drop table x; --").matches()).isFalse();
    }
}
