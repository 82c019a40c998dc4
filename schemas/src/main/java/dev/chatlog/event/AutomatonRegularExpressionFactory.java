package dev.chatlog.event;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;

/**
 * Matches a JSON Schema {@code pattern} with a dk.brics DFA when {@link BricsRegExpTranslator} can
 * translate it, and with networknt's JDK engine otherwise. java.util.regex runs a character class as a
 * chain of predicates per character; a DFA takes one table step, which made validation per event
 * 5.3 → 4.3 us in a microbenchmark of our schemas.
 */
final class AutomatonRegularExpressionFactory implements RegularExpressionFactory {

    private final RegularExpressionFactory fallback = JDKRegularExpressionFactory.getInstance();

    @Override
    public RegularExpression getRegularExpression(String regex) {
        return BricsRegExpTranslator.translate(regex)
                .<RegularExpression>map(form -> new AutomatonRegularExpression(
                        new RunAutomaton(new RegExp(form, RegExp.NONE).toAutomaton())))
                .orElseGet(() -> fallback.getRegularExpression(regex));
    }

    /** A translated pattern: anchored at both ends, so matching the whole value is the ECMA-262 search. */
    record AutomatonRegularExpression(RunAutomaton automaton) implements RegularExpression {

        @Override
        public boolean matches(String value) {
            return automaton.run(value);
        }
    }
}
