package dev.whatmoved.features.service;

import dev.whatmoved.features.intake.IntakeResult;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.features.repository.ReleaseRepository;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Imports past deployments in bulk: each one through {@link ReleaseService#intake} (the same linking, rollback
 * detection and release.deployed event as every intake), oldest first, all in one transaction. A deployment already
 * known (the same service, environment, version and time, from this import or any other source) is counted and left
 * alone, so importing a file twice stores nothing the second time.
 */
@ApplicationScoped
public class ReleaseImportService {

    /** What an import did. */
    public record Imported(int stored, int duplicates) {}

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String TRANSACTION_ABORTED = "25P02";

    private final ReleaseService intake;
    private final ReleaseRepository releases;

    public ReleaseImportService(ReleaseService intake, ReleaseRepository releases) {
        this.intake = intake;
        this.releases = releases;
    }

    /**
     * Stores the releases of a file read whole, given in the file's order, ordered by deployment time and then by
     * their place in the file (the sort is stable), so that a rollback follows what it rolls back. Nothing is stored
     * if one fails.
     */
    public Uni<Imported> importAll(List<ReleaseIntake> inFileOrder) {
        List<ReleaseIntake> ordered = inFileOrder.stream()
                .sorted(Comparator.comparing(ReleaseIntake::deployedAt))
                .toList();
        Set<String> services = ordered.stream().map(r -> r.service().strip()).collect(Collectors.toSet());
        Instant from = ordered.get(0).deployedAt();
        Instant to = ordered.get(ordered.size() - 1).deployedAt();
        return Panache.withTransaction(
                        () -> releases.deploymentKeys(services, from, to).flatMap(known -> Multi.createFrom()
                                .iterable(ordered)
                                .onItem()
                                .transformToUniAndConcatenate(release -> one(release, known))
                                .collect()
                                .asList()))
                .map(created -> {
                    int stored = (int) created.stream().filter(c -> c).count();
                    return new Imported(stored, created.size() - stored);
                })
                .onFailure(ReleaseImportService::concurrentImport)
                .transform(e -> ProblemException.conflict("another request stored some of these releases while this"
                        + " import ran; nothing of this import was stored: send the file again (what is stored by"
                        + " then counts as duplicates)"));
    }

    /**
     * One release: left alone when known (stored before, or earlier in the file), else stored. The session is then
     * flushed and emptied, so that the work per release stays the same however many came before it (else each
     * query's auto-flush checks every release so far).
     */
    private Uni<Boolean> one(ReleaseIntake release, Set<String> known) {
        String key = ReleaseIntake.deploymentKey(
                release.service().strip(),
                release.environment().strip(),
                release.version().strip(),
                release.deployedAt());
        if (!known.add(key)) {
            return Uni.createFrom().item(false);
        }
        return intake.intake(release).map(IntakeResult::created).call(() -> Panache.getSession()
                .flatMap(session -> session.flush().invoke(session::clear)));
    }

    /** The same releases stored by another request at the same time: a unique violation, or what it aborted. */
    private static boolean concurrentImport(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = cause instanceof SQLException sql
                    ? sql.getSQLState()
                    : cause instanceof PgException pg ? pg.getSqlState() : null;
            if (UNIQUE_VIOLATION.equals(state) || TRANSACTION_ABORTED.equals(state)) {
                return true;
            }
        }
        return false;
    }
}
