package dev.whatmoved.features.rest.webhooks;

import dev.whatmoved.kit.problem.ProblemException;
import java.util.regex.Pattern;

/**
 * Bounds the delivery id headers the webhooks store or log ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID},
 * {@code X-Gitlab-Instance}) before anything else reads them: at most 200 printable ASCII characters, no spaces. Real
 * ones are UUIDs and URLs; a longer value would overflow the delivery index, a control character forge log lines.
 */
final class DeliveryHeaders {

    static final int MAX_LENGTH = 200;
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    private DeliveryHeaders() {}

    /**
     * @return {@code value}, stripped (null when absent or blank)
     * @throws ProblemException 400 naming {@code header} when the value is too long or not printable ASCII
     */
    static String check(String header, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (!PRINTABLE.matcher(stripped).matches()) {
            throw ProblemException.invalid(
                    header,
                    "must be at most " + MAX_LENGTH + " printable ASCII characters without spaces (it has "
                            + stripped.length() + ")");
        }
        return stripped;
    }
}
