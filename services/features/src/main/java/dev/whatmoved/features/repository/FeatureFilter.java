package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Feature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Filters of the feature list, turned into a Panache query (each filter optional). */
public record FeatureFilter(String team, String owner, String status, Instant now) {

    public String query() {
        List<String> clauses = new ArrayList<>();
        if (team != null) {
            clauses.add("team = :team");
        }
        if (owner != null) {
            clauses.add("owner = :owner");
        }
        if (status != null) {
            clauses.add(
                    switch (status) {
                        case Feature.CONCLUDED -> "status = 'shipped' and horizonEndsAt < :now";
                        case Feature.SHIPPED ->
                            "status = 'shipped' and (horizonEndsAt is null or horizonEndsAt >= :now)";
                        default -> "status = :status";
                    });
        }
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        if (team != null) {
            parameters.put("team", team);
        }
        if (owner != null) {
            parameters.put("owner", owner);
        }
        if (status != null) {
            if (Feature.CONCLUDED.equals(status) || Feature.SHIPPED.equals(status)) {
                parameters.put("now", now);
            } else {
                parameters.put("status", status);
            }
        }
        return parameters;
    }
}
