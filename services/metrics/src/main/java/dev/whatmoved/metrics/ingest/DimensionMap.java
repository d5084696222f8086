package dev.whatmoved.metrics.ingest;

import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.MetricDefinition;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable dimension combination, sorted by name like a {@link java.util.TreeMap}, as {@link FastPointReader}
 * shares it among all points that carry the same dimensions. Because one instance stands for many points, it keeps
 * what is the same for all of them: its canonical form ({@link Dimensions#canonical}), and the metric definitions whose
 * declared dimensions it was found to fit and whose cardinality limit admitted it ({@link PointValidator} asks once per
 * definition, not once per point).
 */
public final class DimensionMap extends AbstractMap<String, String> {

    /** Most definitions remembered per combination: more (rare) are simply checked each time. */
    static final int MAX_REMEMBERED = 64;

    private static final Fit[] NONE = {};

    private final String[] names;
    private final String[] values;
    private final String canonical;
    /** The bytes of the JSON object it was read from, and the line feeds among them ({@link FastPointReader}). */
    final byte[] raw;

    final int newlines;
    /**
     * Definitions this combination fits, each with the admission that admitted it (copy on write: readers on several
     * threads see a consistent array).
     */
    private volatile Fit[] fits = NONE;
    /**
     * The one of {@link #fits} asked for last: the points of a record are mostly of one metric. Only compared by
     * identity, so a stale or racy value costs a look into {@link #fits}, no more.
     */
    private Fit lastFit;

    /** A metric definition whose declared dimensions this combination fits, and the admission that took it. */
    private record Fit(MetricDefinition metric, Object admission) {}

    private Entries entries;

    /** A copy of {@code sorted} (its order is kept: a TreeMap's order, by name), read from {@code raw}. */
    DimensionMap(SortedMap<String, String> sorted, byte[] raw, int newlines) {
        this.raw = raw;
        this.newlines = newlines;
        names = new String[sorted.size()];
        values = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            names[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        canonical = Dimensions.canonical(sorted);
    }

    /** {@link Dimensions#canonical} of this combination, the same instance for every point that carries it. */
    public String canonical() {
        return canonical;
    }

    /**
     * Whether this combination was found to fit the declared dimensions of {@code metric} (this very instance) and was
     * admitted by {@code admission} (this very one).
     */
    boolean knownToFit(MetricDefinition metric, Object admission) {
        Fit last = lastFit;
        if (last != null && last.metric() == metric && last.admission() == admission) {
            return true;
        }
        for (Fit fit : fits) {
            if (fit.metric() == metric && fit.admission() == admission) {
                lastFit = fit;
                return true;
            }
        }
        return false;
    }

    /** Remembers that this combination fits {@code metric} and that {@code admission} admitted it. */
    void rememberFits(MetricDefinition metric, Object admission) {
        Fit fit = new Fit(metric, admission);
        Fit[] current = fits;
        if (current.length < MAX_REMEMBERED) {
            Fit[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = fit;
            fits = more; // a race may lose one: it is then checked again, no more
        }
        lastFit = fit;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean isEmpty() {
        return names.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        Entries set = entries;
        if (set == null) {
            set = new Entries();
            entries = set;
        }
        return set;
    }

    private final class Entries extends AbstractSet<Map.Entry<String, String>> {

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < names.length;
                }

                @Override
                public Map.Entry<String, String> next() {
                    if (next >= names.length) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<String, String> entry = new SimpleImmutableEntry<>(names[next], values[next]);
                    next++;
                    return entry;
                }
            };
        }
    }
}
