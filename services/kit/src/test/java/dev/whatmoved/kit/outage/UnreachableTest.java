package dev.whatmoved.kit.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures are the database being unreachable (503, retry) and which are not (a bug: 500, or bad input: 400). */
class UnreachableTest {

    @Test
    void aRefusedOrLostConnectionAnywhereInTheChainIsAnOutage() {
        assertThat(Unreachable.isOutage(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(Unreachable.isOutage(new NoStackTraceThrowable("Connection was closed")))
                .isTrue();
        assertThat(Unreachable.reason(new RuntimeException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void theServerShuttingDownOrFullIsAnOutage() {
        assertThat(Unreachable.isOutage(new PgException("terminating connection", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(Unreachable.isOutage(new PgException("too many clients", "FATAL", "53300", null)))
                .isTrue();
        assertThat(Unreachable.isOutage(new PgException("connection failure", "FATAL", "08006", null)))
                .isTrue();
    }

    @Test
    void bugsAndBadDataAreNot() {
        assertThat(Unreachable.isOutage(new PgException("deadlock detected", "ERROR", "40P01", null)))
                .isFalse();
        assertThat(Unreachable.isOutage(new PgException("invalid byte sequence", "ERROR", "22021", null)))
                .isFalse();
        assertThat(Unreachable.isOutage(new NoStackTraceThrowable("Timeout"))).isFalse();
        assertThat(Unreachable.isOutage(new IllegalStateException("a bug"))).isFalse();
    }
}
