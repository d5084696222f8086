package dev.whatmoved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks before anything starts that every port the platform will bind is free, so a conflict is
 * one clear message instead of a half-started platform and a stack trace in some log file.
 */
public final class PortCheck {

    /** A port the platform wants, and the setting that moves it. */
    public record Claim(int port, Setting setting) {}

    private PortCheck() {}

    /** Throws a {@link LauncherException} (exit code 2) naming the first port that is taken. */
    public static void requireFree(List<Claim> claims) {
        Map<Integer, Claim> seen = new HashMap<>();
        for (Claim claim : claims) {
            Claim other = seen.putIfAbsent(claim.port(), claim);
            if (other != null) {
                throw new LauncherException(
                        "port " + claim.port() + " is configured for both " + other.setting().portOwner + " and "
                                + claim.setting().portOwner + "; set "
                                + claim.setting().howToSet()
                                + " to another port",
                        LauncherException.USAGE);
            }
        }
        for (Claim claim : claims) {
            if (!isFree(claim.port())) {
                throw new LauncherException(
                        "port " + claim.port() + " (" + claim.setting().portOwner + ") is already in use; set "
                                + claim.setting().howToSet() + " to another port",
                        LauncherException.USAGE);
            }
        }
    }

    /**
     * Binds both loopback and the wildcard address: PostgreSQL and Kafka listen on 127.0.0.1, the
     * services on 0.0.0.0, and a listener on either one blocks the other.
     */
    public static boolean isFree(int port) {
        return canBind(InetAddress.getLoopbackAddress(), port) && canBind(null, port);
    }

    private static boolean canBind(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Like the servers themselves, ignore connections lingering in TIME_WAIT after a restart.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code count} distinct ports free a moment ago (each held open until all are picked): for the benchmarks and the
     * tests that start a platform of their own.
     */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only held to pick distinct ports
                }
            }
        }
    }
}
