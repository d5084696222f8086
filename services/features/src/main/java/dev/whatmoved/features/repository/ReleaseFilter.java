package dev.whatmoved.features.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters of the release list (each optional).
 *
 * @param unlinked only releases that ship no known feature: outputs whose outcome nobody predicted
 */
public record ReleaseFilter(String service, String environment, boolean unlinked) {

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
        return parameters;
    }
}
