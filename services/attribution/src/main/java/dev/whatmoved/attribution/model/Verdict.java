package dev.whatmoved.attribution.model;

/** What a checkpoint's outcome says about a prediction; see {@code docs/statistics.md} for the precise rules. */
public enum Verdict {
    PENDING("pending"),
    MOVED_AS_PREDICTED("moved-as-predicted"),
    MOVED_OPPOSITE("moved-opposite"),
    NO_DETECTABLE_CHANGE("no-detectable-change"),
    INCONCLUSIVE("inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The name events and the API use. */
    public String label() {
        return label;
    }

    public static Verdict ofLabel(String label) {
        for (Verdict verdict : values()) {
            if (verdict.label.equals(label)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("no verdict " + label);
    }

    /**
     * The verdict of a measured effect (the rules after "too little data" and "confounded", which the caller decides).
     *
     * @param sign +1 when the prediction says the metric goes up, -1 when down
     * @param lower lower end of the interval of the average effect
     * @param upper its upper end
     * @param target the change the data must be able to show, as a fraction (the predicted change; a guardrail's
     *     tolerance), or null when none was stated
     * @param relativeMde the minimum detectable effect relative to the counterfactual, or null when undefined
     */
    public static Verdict of(int sign, double lower, double upper, Double target, Double relativeMde) {
        if (lower > 0 || upper < 0) {
            return (lower > 0 ? 1 : -1) == sign ? MOVED_AS_PREDICTED : MOVED_OPPOSITE;
        }
        if (target != null && (relativeMde == null || relativeMde > target)) {
            return INCONCLUSIVE;
        }
        return NO_DETECTABLE_CHANGE;
    }
}
