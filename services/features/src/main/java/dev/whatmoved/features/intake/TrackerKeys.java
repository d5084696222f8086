package dev.whatmoved.features.intake;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket keys of the trackers product teams use, as they appear in commit messages, PR titles and branch names:
 *
 * <ul>
 *   <li>Jira and Linear: a project key, a dash and a number ({@code SHOP-123}, {@code ENG-42}; Linear's branch names
 *       write it in lower case, {@code eng-42-one-click}, so keys are compared without case);
 *   <li>GitHub issues: {@code owner/repo#123}. A bare {@code #123} is not taken: in a commit message it may be a pull
 *       request or an issue of any repository.
 * </ul>
 *
 * A key found in a release's texts links the release to a feature only when a feature carries that key (see
 * {@code FeatureRepository#keysOfTickets}): {@code UTF-8} or {@code ISO-8601} in a message links nothing.
 */
public final class TrackerKeys {

    /** What a feature's tracker key may be (checked at registration). */
    public static final String KEY =
            "[A-Za-z][A-Za-z0-9_]{0,19}-[0-9]{1,9}|[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}#[0-9]{1,9}";

    private static final Pattern IN_TEXT = Pattern.compile("(?<![A-Za-z0-9_./#-])(" + KEY + ")(?![A-Za-z0-9_#])");

    private TrackerKeys() {}

    /** The form keys are compared in: upper case. */
    public static String normalized(String key) {
        return key.toUpperCase(Locale.ROOT);
    }

    /** Every ticket key {@code texts} name, normalized, to ask the database which features carry them. */
    public static Set<String> candidates(List<String> texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher matcher = IN_TEXT.matcher(text);
            while (matcher.find()) {
                keys.add(normalized(matcher.group(1)));
            }
        }
        return keys;
    }
}
