package dev.chatlog.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApiDatasetTextTest {

    @Test
    void commonWordsAreInManyMessagesAndRareWordsInAlmostNone() {
        int messages = 20_000;
        int[] common = new int[ApiChatText.commonWords().size()];
        int rare = 0;
        SplittableRandom random = new SplittableRandom(7);
        for (int m = 0; m < messages; m++) {
            StringBuilder text = new StringBuilder();
            ApiChatText.words(text, random, 6 + random.nextInt(40));
            Set<String> words = new HashSet<>(List.of(text.toString().toLowerCase().split("[^a-z]+")));
            for (int w = 0; w < common.length; w++) {
                common[w] += words.contains(ApiChatText.commonWords().get(w)) ? 1 : 0;
            }
            rare += ApiChatText.rareWords().stream().filter(words::contains).count();
        }
        for (int count : common) {
            assertThat(count).isGreaterThan(messages * 4 / 100);
        }
        // each rare word is in about 20 of the heavy user's 380,000 messages: about one of these 20,000
        assertThat(rare).isLessThan(100);
    }

    @Test
    void theVocabularyHasNoWordTwice() {
        Set<String> words = new HashSet<>();
        for (int r = 0; r < ApiChatText.VOCABULARY; r++) {
            assertThat(words.add(ApiChatText.word(r))).as("word %d", r).isTrue();
            assertThat(ApiChatText.word(r)).matches("[a-z]+");
        }
    }

    @Test
    void toolCallsAreFiveCopyColumnsWithJsonArgumentsAndOutput() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(3);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder out = new StringBuilder();
            ApiToolCalls.append(out, random);
            String[] columns = out.toString().split("\t", -1);
            assertThat(columns).hasSize(5);
            names.add(columns[0]);
            assertThat(json.readTree(columns[1]).isObject()).isTrue();
            if (columns[2].equals("ok")) {
                assertThat(json.readTree(columns[3]).isObject()).isTrue();
                assertThat(columns[4]).isEqualTo("\\N");
            } else {
                assertThat(columns[2]).isEqualTo("error");
                assertThat(columns[3]).isEqualTo("\\N");
                assertThat(columns[4]).startsWith("task ");
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(ApiToolCalls.NAMES);
    }
}
