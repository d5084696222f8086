package dev.whatmoved.metrics.pull;

import java.time.Duration;

/**
 * Where a pulled metric's points come from and when they are pulled: the {@code source} of a metric in the API.
 *
 * @param metric the metric's key
 * @param kind which {@link PullSource} pulls it, e.g. {@code sql}, {@code prometheus}
 * @param connection the name of a connection in configuration ({@code whatmoved.metrics.pull.connections.<name>.*}),
 *     which holds the URL and credentials; the API names it and never shows what it holds
 * @param query what to ask the source: SQL returning {@code timestamp, value[, dimensions...]}, or a PromQL expression
 * @param watermarkColumn the column whose greatest value pulled so far marks where the next pull starts (SQL; null:
 *     the {@code timestamp} column); unused by kinds that pull by time
 * @param every how often it is pulled
 * @param step the resolution of a range query (Prometheus); null where the kind has none
 * @param backfill how far back pulls reach (the first pull fetches all of it); null: everything the source has
 */
public record PullDefinition(
        String metric,
        String kind,
        String connection,
        String query,
        String watermarkColumn,
        Duration every,
        Duration step,
        Duration backfill) {}
