package dev.whatmoved.metrics.pull;

import dev.whatmoved.kit.problem.Problem;
import java.util.List;

/**
 * One kind of place metrics are pulled from (SQL over JDBC, Prometheus, ...). Each kind is a CDI bean implementing this
 * interface, found by {@link #kind()}: a definition whose {@code source.kind} is that string is pulled by that bean. The
 * framework ({@link PullRunner}) decides when a definition is due, calls {@link #fetch} on a worker thread (blocking
 * I/O is fine), and stores what it returns through the history import, in the transaction that advances the
 * watermark: a crash between fetch and store means the same range is fetched again, never counted twice.
 *
 * <p>Stable: changes to this interface and to the types it names are additive only (the Prometheus source builds on
 * it).
 */
public interface PullSource {

    /** The kind this bean pulls, as definitions name it, e.g. {@code sql}; lower case, unique among the beans. */
    String kind();

    /**
     * Checks the fields of {@code definition} this kind needs (its query, step, ...) when a definition is registered
     * or changed, before it is stored. The framework has checked the kind, the metric and that the connection is named
     * in configuration.
     *
     * @return each field at fault, named as in the body of {@code PUT /api/metrics/{key}/source} ({@code query},
     *     {@code step}); empty when fine
     */
    List<Problem.FieldError> check(PullDefinition definition);

    /**
     * Fetches what is new since {@link PullRequest#watermark()}.
     *
     * <p>The rows returned <em>replace</em> the rollup buckets they fall into (each hour and day of {@link
     * PullRequest#zone()}, of the total and of each dimension combination), as a history import does. So they must hold
     * every row of each day they touch, not only the new ones: a source fetches from the start of the day of the
     * oldest new row ({@link PullRequest#dayStart}). Rows of a day that were already pulled and are fetched again with
     * the same values change nothing.
     *
     * @return the rows and the watermark to store with them; {@link Pulled#nothing} when nothing is new
     * @throws Exception when the source cannot be read (unreachable, bad query, a row that is no point): the pull fails,
     *     nothing is stored, the watermark stays, and the error (its message, with the connection's secrets removed) is
     *     shown in the definition's status, the readiness check and the operator metrics
     */
    Pulled fetch(PullRequest request) throws Exception;
}
