package dev.whatmoved.attribution.calibration;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** The periods outputs are counted by (calendar quarters or months, UTC days). */
public enum Period {
    QUARTER,
    MONTH;

    public LocalDate start(LocalDate day) {
        return switch (this) {
            case QUARTER -> day.withDayOfMonth(1).withMonth((day.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1);
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    public LocalDate end(LocalDate day) {
        LocalDate start = start(day);
        return (this == QUARTER ? start.plusMonths(3) : start.plusMonths(1)).minusDays(1);
    }

    /** {@code 2026-Q4} or {@code 2026-11}. */
    public String label(LocalDate day) {
        return switch (this) {
            case QUARTER -> day.getYear() + "-Q" + day.get(IsoFields.QUARTER_OF_YEAR);
            case MONTH -> start(day).toString().substring(0, 7);
        };
    }

    public String label() {
        return name().toLowerCase();
    }
}
