package dev.whatmoved.attribution.service;

/**
 * A CDI event fired when an outcome version is written (in its transaction, before it commits): operators' counters
 * observe it ({@code operations.OperatorMetrics}), so the use case does not depend on them.
 */
public record OutcomeRecorded(String verdict, boolean guardrailBreached) {}
