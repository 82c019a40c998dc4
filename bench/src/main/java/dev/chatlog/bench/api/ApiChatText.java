package dev.chatlog.bench.api;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The text of the benchmark's messages: words drawn from a vocabulary of 50,000 with Zipf's law, as
 * in natural language, so the history holds words in a third of all messages and words in a
 * handful. The most frequent words are those of a todo-list chat; the long tail is made-up words
 * of three syllables. Everything is derived from the random source, so a dataset is reproducible.
 */
final class ApiChatText {

    /** The most frequent words, most frequent first. */
    private static final List<String> HEAD = List.of("the", "to", "i", "you", "task", "a", "and", "my", "it", "for",
            "list", "is", "add", "me", "please", "remind", "tomorrow", "today", "of", "done", "can", "on", "this",
            "that", "with", "at", "call", "meeting", "week", "time", "need", "before", "after", "morning", "evening",
            "email", "buy", "groceries", "project", "report", "update", "delete", "complete", "due", "friday",
            "monday", "tuesday", "wednesday", "thursday", "weekend", "next", "work", "home", "doctor", "dentist",
            "appointment", "pay", "rent", "bills", "milk", "bread", "coffee", "birthday", "gift", "mom", "dad",
            "school", "pick", "kids", "up", "clean", "kitchen", "laundry", "gym", "run", "walk", "dog", "book",
            "flight", "hotel", "trip", "plan", "budget", "review", "draft", "send", "invoice", "client", "team",
            "sync", "notes", "slides", "deadline", "urgent", "later", "soon", "also", "again", "thanks", "sure",
            "okay", "great", "no", "yes", "what", "when", "where", "how", "which", "should", "would", "could",
            "all", "every", "some", "first", "last", "new", "old", "big", "small", "important", "priority",
            "high", "low", "medium", "finish", "start", "move", "change", "keep", "check", "write", "read", "fix",
            "car", "insurance", "passport", "renew", "tax", "return", "bank", "garden", "water", "plants",
            "recipe", "dinner", "lunch", "breakfast", "party", "invite", "friends", "plumber", "garage");
    static final int VOCABULARY = 50_000;
    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    private static final String[] WORDS = words();
    /** CUMULATIVE[r] = sum of 1/(k+1) for k <= r: Zipf's law with exponent 1. */
    private static final double[] CUMULATIVE = cumulative();

    private ApiChatText() {
    }

    /** The word of frequency rank {@code rank} (0 is the most frequent). */
    static String word(int rank) {
        return WORDS[rank];
    }

    /** Words in about 7 to 30% of the messages: what a user searches for often. */
    static List<String> commonWords() {
        return List.of(Arrays.copyOfRange(WORDS, 4, 24));
    }

    /** Words in about 20 of the heavy user's 375,000 messages. */
    static List<String> rareWords() {
        return List.of(Arrays.copyOfRange(WORDS, 40_000, 40_020));
    }

    /** Appends {@code count} words (at least one), as one or more sentences. */
    static void words(StringBuilder out, SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            String w = WORDS[rank(random)];
            if (i == 0) {
                out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            } else {
                out.append(' ').append(w);
            }
            if (i > 2 && i < count - 1 && random.nextInt(9) == 0) {
                out.append(random.nextBoolean() ? "," : ".");
            }
        }
        out.append(random.nextInt(5) == 0 ? "?" : ".");
    }

    /** Appends {@code count} lower-case words (at least one) without punctuation, as a task's title. */
    static void phrase(StringBuilder out, SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : " ").append(WORDS[rank(random)]);
        }
    }

    private static int rank(SplittableRandom random) {
        double u = random.nextDouble() * CUMULATIVE[VOCABULARY - 1];
        int i = Arrays.binarySearch(CUMULATIVE, u);
        return Math.min(VOCABULARY - 1, i >= 0 ? i : -i - 1);
    }

    private static String[] words() {
        String[] words = new String[VOCABULARY];
        Set<String> used = new HashSet<>();
        int n = 0;
        for (String w : HEAD) {
            words[n++] = w;
            used.add(w);
        }
        int s = CONSONANTS.length() * VOWELS.length();
        for (int j = 0; n < VOCABULARY; j++) {
            String w = syllable(j % s) + syllable(j / s % s) + syllable(j / s / s % s);
            if (used.add(w)) {
                words[n++] = w;
            }
        }
        return words;
    }

    private static String syllable(int i) {
        return "" + CONSONANTS.charAt(i / VOWELS.length()) + VOWELS.charAt(i % VOWELS.length());
    }

    private static double[] cumulative() {
        double[] c = new double[VOCABULARY];
        double sum = 0;
        for (int r = 0; r < VOCABULARY; r++) {
            sum += 1.0 / (r + 1);
            c[r] = sum;
        }
        return c;
    }
}
