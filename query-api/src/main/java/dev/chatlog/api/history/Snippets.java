package dev.chatlog.api.history;

/**
 * Turns what {@code ts_headline} returns into a snippet. PostgreSQL marks matched words with two
 * private-use characters (removed from the content beforehand, so they mark nothing else); the text
 * is then HTML-escaped if the settings ask for it, and the characters become the configured markers.
 */
final class Snippets {

    static final String START = "\uE000";
    static final String STOP = "\uE001";
    /** The options of {@code ts_headline}: short fragments around the matches. */
    static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    private Snippets() {
    }

    static String render(String headline, SearchSettings settings) {
        String text = settings.escapeHtml() ? escapeHtml(headline) : headline;
        return text.replace(START, settings.startMarker()).replace(STOP, settings.stopMarker());
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
