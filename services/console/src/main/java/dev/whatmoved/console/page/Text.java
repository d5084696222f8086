package dev.whatmoved.console.page;

/** A text field of an answer as the pages compare and write it. */
final class Text {

    private Text() {}

    /** The text, or empty when the answer leaves it out (how the pages always read a missing text). */
    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
