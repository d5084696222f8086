package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void takenLoopbackPortIsReportedWithTheSettingThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            LauncherException e = assertThrows(
                    LauncherException.class,
                    () -> PortCheck.requireFree(List.of(new PortCheck.Claim(port, Setting.KAFKA_PORT))));

            assertEquals(
                    "port " + port + " (Kafka) is already in use; set WHATMOVED_KAFKA_PORT (or --kafka-port) to"
                            + " another port",
                    e.getMessage());
            assertEquals(LauncherException.USAGE, e.exitCode());
        }
    }

    @Test
    void takenWildcardPortIsReportedToo() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            LauncherException e = assertThrows(
                    LauncherException.class,
                    () -> PortCheck.requireFree(List.of(new PortCheck.Claim(port, Setting.FEATURES_PORT))));

            assertTrue(e.getMessage().contains("port " + port + " (features service)"), e.getMessage());
            assertTrue(e.getMessage().contains("WHATMOVED_FEATURES_PORT"), e.getMessage());
            assertFalse(PortCheck.isFree(port));
        }
    }

    @Test
    void freePortsPass() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertDoesNotThrow(() -> PortCheck.requireFree(List.of(new PortCheck.Claim(port, Setting.PG_PORT))));
    }

    @Test
    void samePortForTwoSettingsIsAConflict() {
        LauncherException e = assertThrows(
                LauncherException.class,
                () -> PortCheck.requireFree(List.of(
                        new PortCheck.Claim(18081, Setting.FEATURES_PORT),
                        new PortCheck.Claim(18081, Setting.METRICS_PORT))));

        assertTrue(e.getMessage().contains("port 18081"), e.getMessage());
        assertTrue(e.getMessage().contains("WHATMOVED_METRICS_PORT"), e.getMessage());
    }
}
