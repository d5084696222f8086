package dev.whatmoved.kit.outbox;

import dev.whatmoved.events.EventType;
import java.util.List;

/**
 * A producer built an event that breaks its own schema. A bug, never the caller's input (intake refuses impossible
 * values with a 400 first): the transaction that would have written it rolls back, so nothing is stored or published.
 */
public class InvalidEventException extends IllegalStateException {

    private final List<String> violations;

    public InvalidEventException(EventType type, List<String> violations) {
        super(type.type() + " breaks " + type.schemaFile() + ", so it is not published: "
                + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
