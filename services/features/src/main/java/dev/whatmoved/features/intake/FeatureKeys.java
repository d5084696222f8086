package dev.whatmoved.features.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.kit.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads an explicit list of feature keys from a CI payload, naming the field at fault when one is not a key. */
public final class FeatureKeys {

    static final int MAX = 100;
    private static final Pattern KEY = Pattern.compile(FeatureLinker.KEY);

    private FeatureKeys() {}

    /**
     * @param keys the JSON array (missing or null: none)
     * @param field its path in the payload, for the problem's field name
     */
    public static List<String> read(JsonNode keys, String field) {
        if (keys.isMissingNode() || keys.isNull()) {
            return List.of();
        }
        if (!keys.isArray() || keys.size() > MAX) {
            throw ProblemException.invalid(field, "must be an array of at most " + MAX + " feature keys");
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i).asText("");
            if (!keys.get(i).isTextual() || !KEY.matcher(key).matches()) {
                throw ProblemException.invalid(
                        field + "[" + i + "]",
                        "must be a slug: lowercase letters, digits and dashes, at most 63 characters");
            }
            if (!features.contains(key)) {
                features.add(key);
            }
        }
        return features;
    }
}
