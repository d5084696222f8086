package dev.whatmoved.features.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters of the release list (each optional).
 *
 * @param unlinked only releases that ship no known feature: outputs whose outcome nobody predicted
 * @param from only releases deployed at or after this instant, or null
 * @param to only releases deployed at or before this instant, or null
 */
public record ReleaseFilter(String service, String environment, boolean unlinked, Instant from, Instant to) {

    public ReleaseFilter(String service, String environment, boolean unlinked) {
        this(service, environment, unlinked, null, null);
    }

    public String query() {
        List<String> clauses = new ArrayList<>();
        if (service != null) {
            clauses.add("service = :service");
        }
        if (environment != null) {
            clauses.add("environment = :environment");
        }
        if (unlinked) {
            clauses.add("features = :none");
        }
        if (from != null) {
            clauses.add("deployedAt >= :from");
        }
        if (to != null) {
            clauses.add("deployedAt <= :to");
        }
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        if (service != null) {
            parameters.put("service", service);
        }
        if (environment != null) {
            parameters.put("environment", environment);
        }
        if (unlinked) {
            parameters.put("none", new String[0]);
        }
        if (from != null) {
            parameters.put("from", from);
        }
        if (to != null) {
            parameters.put("to", to);
        }
        return parameters;
    }
}
