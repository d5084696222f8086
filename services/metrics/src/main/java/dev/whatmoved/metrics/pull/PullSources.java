package dev.whatmoved.metrics.pull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.TreeMap;

/** Every {@link PullSource} bean, by its {@link PullSource#kind()}. */
@ApplicationScoped
public class PullSources {

    private final Map<String, PullSource> byKind = new TreeMap<>();

    public PullSources(Instance<PullSource> sources) {
        for (PullSource source : sources) {
            PullSource other = byKind.put(source.kind(), source);
            if (other != null) {
                throw new IllegalStateException("two pull sources of kind " + source.kind() + ": "
                        + other.getClass().getName() + " and "
                        + source.getClass().getName());
            }
        }
    }

    /** The source of {@code kind}, or null. */
    public PullSource get(String kind) {
        return byKind.get(kind);
    }

    /** The kinds there are, sorted. */
    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }
}
