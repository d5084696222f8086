package dev.whatmoved.metrics.catalogue;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.repository.MetricRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric catalogue, with an in-memory copy for the ingestion path. Definitions never change once made, so a
 * cached one is never stale; a key not cached is looked up in the database (another instance may have made it).
 */
@ApplicationScoped
public class Catalogue {

    /** What {@link #register} did. */
    public record Registration(MetricDefinition metric, boolean created) {}

    private final MetricRepository repository;
    private final Map<String, MetricDefinition> cache = new ConcurrentHashMap<>();

    public Catalogue(MetricRepository repository) {
        this.repository = repository;
    }

    /**
     * Registers a metric. Registering the same definition again changes nothing; a different one under the same key
     * is a conflict (a metric's meaning must not change under the rollups already made of it).
     */
    public Uni<Registration> register(MetricDefinition metric) {
        return repository.insert(metric).flatMap(inserted -> {
            if (inserted != null) {
                cache.put(inserted.key(), inserted);
                return Uni.createFrom().item(new Registration(inserted, true));
            }
            return repository.find(metric.key()).map(existing -> {
                if (existing.sameAs(metric)) {
                    return new Registration(existing, false);
                }
                throw ProblemException.conflict("metric " + metric.key() + " exists with another definition; a"
                        + " metric's definition cannot change under its rollups (register a new key)");
            });
        });
    }

    public Uni<MetricDefinition> get(String key) {
        MetricDefinition cached = cache.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return repository.find(key).invoke(found -> {
            if (found != null) {
                cache.put(key, found);
            }
        });
    }

    /** The definition of {@code key}, or null; blocks on a cache miss (call it off the event loop). */
    public MetricDefinition getBlocking(String key) {
        MetricDefinition cached = cache.get(key);
        return cached != null ? cached : get(key).await().atMost(java.time.Duration.ofSeconds(30));
    }

    public Uni<List<MetricDefinition>> list() {
        return repository.list();
    }

    /** The definitions of those of {@code keys} that exist, by key. */
    public Uni<Map<String, MetricDefinition>> resolve(Collection<String> keys) {
        Map<String, MetricDefinition> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            MetricDefinition cached = cache.get(key);
            if (cached != null) {
                found.put(key, cached);
            } else {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return repository.findAll(missing).map(loaded -> {
            for (MetricDefinition metric : loaded) {
                cache.put(metric.key(), metric);
                found.put(metric.key(), metric);
            }
            return found;
        });
    }
}
