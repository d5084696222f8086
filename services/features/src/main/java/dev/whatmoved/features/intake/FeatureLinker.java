package dev.whatmoved.features.intake;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the features a release ships in the free text CI systems send, by two conventions:
 *
 * <ul>
 *   <li>a trailer line {@code Feature: checkout-one-click} (or {@code Features: a, b}, keys separated by commas), as git
 *       trailers are written: always taken, it is an explicit statement. Words separated by spaces are prose, not keys:
 *       {@code features: fix the typo} (a CI description, a commit subject) names no feature;
 *   <li>a key in square brackets, {@code [checkout-one-click] Add one-click buy}: taken only when a feature with that
 *       key exists, so that {@code [wip]} or {@code [hotfix]} links nothing.
 * </ul>
 */
public final class FeatureLinker {

    static final String KEY = "[a-z0-9][a-z0-9-]{0,62}";
    private static final Pattern TRAILER =
            Pattern.compile("(?im)^\\s*features?\\s*:\\s*(" + KEY + "(?:\\s*,\\s*" + KEY + ")*)\\s*,?\\s*$");
    private static final Pattern BRACKETS = Pattern.compile("\\[(" + KEY + ")]");
    private static final Pattern KEY_PATTERN = Pattern.compile(KEY);

    private FeatureLinker() {}

    /** Keys named by trailers in {@code texts}. */
    public static Set<String> trailerKeys(List<String> texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher trailer = TRAILER.matcher(text);
            while (trailer.find()) {
                Matcher key = KEY_PATTERN.matcher(trailer.group(1));
                while (key.find()) {
                    keys.add(key.group());
                }
            }
        }
        return keys;
    }

    /** Keys in square brackets in {@code texts} that {@code known} accepts. */
    public static Set<String> bracketKeys(List<String> texts, Predicate<String> known) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher bracket = BRACKETS.matcher(text);
            while (bracket.find()) {
                if (known.test(bracket.group(1))) {
                    keys.add(bracket.group(1));
                }
            }
        }
        return keys;
    }

    /** Candidate bracket keys, to ask the database which exist. */
    public static Set<String> bracketCandidates(List<String> texts) {
        return bracketKeys(texts, key -> true);
    }
}
