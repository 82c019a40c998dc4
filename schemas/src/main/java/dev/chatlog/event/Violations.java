package dev.chatlog.event;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects what is wrong with one record and decides the reason: a schema violation outranks an
 * over-limit field, which outranks a key mismatch. Each field gets one sentence: a field that breaks
 * two keywords (say format and pattern) is listed once, by the first.
 */
final class Violations {

    private static final Set<String> LIMIT_KEYWORDS = Set.of("maxLength", "maxItems", "maxProperties");

    private final List<Violation> found = new ArrayList<>(4);
    private boolean schemaViolation;
    private boolean overLimit;

    void addSchemaErrors(List<Error> errors) {
        for (Error error : errors) {
            Violation violation = SchemaErrorText.violation(error);
            if (!hasPointer(violation.pointer())) {
                found.add(violation);
            }
            if (LIMIT_KEYWORDS.contains(error.getKeyword())) {
                overLimit = true;
            } else {
                schemaViolation = true;
            }
        }
    }

    void schemaViolation(Violation violation) {
        found.add(violation);
        schemaViolation = true;
    }

    void overLimit(Violation violation) {
        found.add(violation);
        overLimit = true;
    }

    void keyMismatch(Violation violation) {
        found.add(violation);
    }

    private boolean hasPointer(String pointer) {
        for (Violation violation : found) {
            if (violation.pointer().equals(pointer)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    RejectReason reason() {
        if (schemaViolation) {
            return RejectReason.SCHEMA_VIOLATION;
        }
        return overLimit ? RejectReason.OVER_LIMIT : RejectReason.KEY_MISMATCH;
    }

    List<Violation> list() {
        return found;
    }
}
