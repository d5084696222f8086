package dev.whatmoved.attribution.model;

/** The data cannot be analysed as given; {@link #field()} names the part of the input at fault. */
public class InvalidInputException extends IllegalArgumentException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason, without the field. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
