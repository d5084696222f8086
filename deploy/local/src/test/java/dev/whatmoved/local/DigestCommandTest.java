package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigestCommandTest {

    @Test
    void takesTheTeamAndPeriodAndLeavesThePlatformOptions() {
        DigestCommand.Request request =
                DigestCommand.parse(List.of("--team", "growth", "--since=2w", "--notify-port", "18084"));

        assertEquals("growth", request.team());
        assertEquals("2w", request.since());
        assertEquals(List.of("--notify-port", "18084"), request.platformOptions());
        assertEquals("7d", DigestCommand.parse(List.of("--team=search")).since());
    }

    @Test
    void aTeamIsRequired() {
        LauncherException e =
                assertThrows(LauncherException.class, () -> DigestCommand.parse(List.of("--since", "7d")));

        assertEquals(LauncherException.USAGE, e.exitCode());
    }
}
