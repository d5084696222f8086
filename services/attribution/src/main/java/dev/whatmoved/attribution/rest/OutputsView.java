package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.calibration.OutputsVsOutcomes;
import java.util.List;

/** The answer of {@code GET /api/outputs-vs-outcomes}. */
public record OutputsView(String period, List<OutputsVsOutcomes.Row> rows) {}
