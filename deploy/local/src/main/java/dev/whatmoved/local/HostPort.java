package dev.whatmoved.local;

/** A {@code host:port} pair, as given for external infrastructure. */
record HostPort(String host, int port) {

    static HostPort parse(String text, Setting setting) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new LauncherException(
                    setting.howToSet() + ": '" + text + "' is not HOST:PORT", LauncherException.USAGE);
        }
        return new HostPort(text.substring(0, colon), PlatformConfig.parsePort(text.substring(colon + 1), setting));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
