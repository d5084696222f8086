package dev.whatmoved.features.intake.cdevents;

/** An event whose type is not one whatmoved takes as a release. */
public class UnsupportedCdEventException extends RuntimeException {

    private final String type;
    private final boolean cdEvent;

    public UnsupportedCdEventException(String type, boolean cdEvent) {
        super(
                cdEvent
                        ? type
                                + " is not a release event: whatmoved takes dev.cdevents.service.deployed, service.upgraded and"
                                + " service.rolledback"
                        : type + " is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)");
        this.type = type;
        this.cdEvent = cdEvent;
    }

    public String type() {
        return type;
    }

    /** Whether the type is a CDEvents type at all (another subject or predicate), rather than something else. */
    public boolean isCdEvent() {
        return cdEvent;
    }
}
