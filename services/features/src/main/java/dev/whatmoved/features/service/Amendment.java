package dev.whatmoved.features.service;

/**
 * A new version of a committed prediction, and why.
 *
 * @param prediction the number of the prediction to amend
 */
public record Amendment(int prediction, String reason, PredictionTerms amended) {}
