package dev.whatmoved.local;

/**
 * A failure the launcher reports to the user as one message (no stack trace), with the exit code
 * the script should end with.
 */
public final class LauncherException extends RuntimeException {

    /** Bad configuration or a taken port: nothing was started. */
    public static final int USAGE = 2;
    /** Something was started but did not come up; everything was stopped again. */
    public static final int STARTUP_FAILED = 1;

    private final int exitCode;

    public LauncherException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = STARTUP_FAILED;
    }

    public int exitCode() {
        return exitCode;
    }
}
