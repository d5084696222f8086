package dev.whatmoved.kit.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.whatmoved.kit.json.JsonLimits;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Problems for JSON that breaks a read limit or gives a key twice. */
final class JsonProblems {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    private JsonProblems() {}

    /** The key given twice, when that is what the parser refused ({@code STRICT_DUPLICATE_DETECTION}); else null. */
    static String duplicateKey(JsonParseException e) {
        Matcher matcher = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        return matcher.lookingAt() ? matcher.group(1) : null;
    }

    /** Which of Jackson's read limits the body broke: 413 for one about size, 400 for the others. */
    static Problem constraint(StreamConstraintsException e, String path) {
        String message = String.valueOf(e.getOriginalMessage()).toLowerCase();
        int status = 400;
        String detail;
        if (message.contains("nesting depth")) {
            detail = "the JSON nesting (objects and arrays inside each other) is deeper than "
                    + JsonLimits.MAX_NESTING_DEPTH + " levels";
        } else if (message.contains("name length")) {
            detail = "an object key name is longer than " + JsonLimits.MAX_NAME_LENGTH + " characters";
        } else if (message.contains("number value length")) {
            detail = "a number is longer than " + JsonLimits.MAX_NUMBER_LENGTH + " characters";
        } else if (message.contains("string value length")) {
            status = 413;
            detail = "a string is longer than " + JsonLimits.MAX_STRING_LENGTH + " characters";
        } else {
            status = message.contains("document length") ? 413 : 400;
            detail = "the JSON is over a read limit: " + e.getOriginalMessage();
        }
        return new Problem(
                ProblemMappers.TYPE_BASE + (status == 413 ? "payload-too-large" : "json-limit"),
                status == 413 ? "Payload too large" : "JSON over a limit",
                status,
                detail,
                path,
                List.of());
    }
}
