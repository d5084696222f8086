package dev.whatmoved.kit.text;

import dev.whatmoved.kit.problem.ProblemException;

/**
 * The rule for control characters in text a client sends (docs/security.md, "Input values: what is refused"):
 *
 * <ul>
 *   <li>a <b>label</b> (an identifier or short name: a key, team, service, version, environment, commit, delivery id)
 *       holds none: U+0000 to U+001F, U+007F, and the line and paragraph separators U+2028 and U+2029 are refused;
 *   <li><b>free text</b> (a title, description, reason) may hold tab, line feed and carriage return, and no other of
 *       them.
 * </ul>
 *
 * Such a character in a stored name forges log lines and terminal output, breaks CSV exports and is invisible in the
 * console; U+0000 cannot even be stored in PostgreSQL text. {@link NoControlCharacters} applies the rule to a request
 * record; code that reads a payload itself (a webhook's JSON tree) calls {@link #label} and {@link #freeText}.
 */
public final class ControlCharacters {

    public static final String LABEL_RULE =
            "must not contain control characters (U+0000 to U+001F, U+007F, U+2028, U+2029)";
    public static final String FREE_TEXT_RULE =
            "must not contain control characters other than tab, line feed and carriage return";

    private ControlCharacters() {}

    /**
     * @return the index of the first character the rule refuses in {@code value}, or -1 (also for null)
     * @param freeText whether tab, LF and CR are allowed
     */
    public static int firstRefused(CharSequence value, boolean freeText) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (refused(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The problem message for {@code value}, naming the first refused character and where it is, or null when the
     * value is acceptable.
     */
    public static String violation(CharSequence value, boolean freeText) {
        int at = firstRefused(value, freeText);
        if (at < 0) {
            return null;
        }
        return (freeText ? FREE_TEXT_RULE : LABEL_RULE)
                + String.format(" (U+%04X at character %d)", (int) value.charAt(at), at + 1);
    }

    /**
     * @return {@code value} (null stays null)
     * @throws ProblemException 400 naming {@code field} when it holds a control character
     */
    public static String label(String field, String value) {
        return checked(field, value, false);
    }

    /**
     * @return {@code value} (null stays null)
     * @throws ProblemException 400 naming {@code field} when it holds a control character other than tab, LF, CR
     */
    public static String freeText(String field, String value) {
        return checked(field, value, true);
    }

    private static String checked(String field, String value, boolean freeText) {
        String violation = violation(value, freeText);
        if (violation != null) {
            throw ProblemException.invalid(field, violation);
        }
        return value;
    }

    private static boolean refused(char c) {
        return c <= 0x1F || c == 0x7F || c == '\u2028' || c == '\u2029';
    }
}
