package dev.whatmoved.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the platform starts and where. Built from environment variables overridden by flags, so the
 * script, CI and tests configure it the same way.
 *
 * @param home repository root (service jars and the launcher's lib directory are found from it)
 * @param dataDir PostgreSQL data, Kafka logs and the processes' log files
 * @param externalKafka when present no broker is started and the services use this bootstrap
 * @param externalPg when present no PostgreSQL is started and the services use this server
 * @param startServices false starts PostgreSQL and Kafka only
 */
public record PlatformConfig(
        Path home,
        Path dataDir,
        int pgPort,
        int kafkaPort,
        int kafkaControllerPort,
        int featuresPort,
        int metricsPort,
        int attributionPort,
        int notifyPort,
        int consolePort,
        Duration startTimeout,
        List<String> serviceJavaOptions,
        Optional<HostPort> externalKafka,
        Optional<HostPort> externalPg,
        String dbUser,
        String dbPassword,
        boolean startServices) {

    /** The databases of the services; one per service, named after it. */
    public static final List<String> DATABASES = List.of("features", "metrics", "attribution", "notify");

    /** The console's service name: it owns no database. */
    public static final String CONSOLE = "console";

    /** A service to run: its name is also its module directory and its database. */
    public record ServiceSpec(String name, int port, Setting portSetting) {

        public String database() {
            return name;
        }
    }

    /** Reads the settings from {@code env} and then {@code args} (flags win). */
    public static PlatformConfig from(Map<String, String> env, List<String> args, Path home) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = env.get(setting.env);
            if (value != null && !value.isBlank()) {
                values.put(setting, value.trim());
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            Setting setting = Setting.byFlag(name);
            if (setting == null) {
                throw new LauncherException(
                        "unknown option '" + arg + "'; see ./whatmoved help", LauncherException.USAGE);
            }
            if (setting.isSwitch()) {
                values.put(setting, inlineValue == null ? "true" : inlineValue);
            } else if (inlineValue != null) {
                values.put(setting, inlineValue);
            } else if (i + 1 < args.size()) {
                values.put(setting, args.get(++i));
            } else {
                throw new LauncherException(
                        setting.flag + " needs a value (" + setting.valueName + ")", LauncherException.USAGE);
            }
        }
        return build(values, home.toAbsolutePath().normalize());
    }

    private static PlatformConfig build(Map<Setting, String> values, Path home) {
        Path dataDir = Optional.ofNullable(values.get(Setting.DATA_DIR))
                // A relative directory means relative to where the user is, like any other path argument.
                .map(dir -> Path.of(dir).toAbsolutePath().normalize())
                .orElse(home.resolve(".whatmoved"));
        int kafkaPort = port(values, Setting.KAFKA_PORT, 9092);
        int seconds = integer(values, Setting.START_TIMEOUT, 120);
        if (seconds <= 0) {
            throw new LauncherException(
                    Setting.START_TIMEOUT.howToSet() + " must be a positive number of seconds",
                    LauncherException.USAGE);
        }
        return new PlatformConfig(
                home,
                dataDir,
                port(values, Setting.PG_PORT, 5432),
                kafkaPort,
                // Next to the broker port unless told otherwise, so moving Kafka moves both.
                port(values, Setting.KAFKA_CONTROLLER_PORT, kafkaPort + 1),
                port(values, Setting.FEATURES_PORT, 8081),
                port(values, Setting.METRICS_PORT, 8082),
                port(values, Setting.ATTRIBUTION_PORT, 8083),
                port(values, Setting.NOTIFY_PORT, 8084),
                port(values, Setting.CONSOLE_PORT, 8080),
                Duration.ofSeconds(seconds),
                Optional.ofNullable(values.get(Setting.SERVICE_JAVA_OPTS))
                        .map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(List.of()),
                Optional.ofNullable(values.get(Setting.EXTERNAL_KAFKA))
                        .map(v -> HostPort.parse(v, Setting.EXTERNAL_KAFKA)),
                Optional.ofNullable(values.get(Setting.EXTERNAL_PG)).map(v -> HostPort.parse(v, Setting.EXTERNAL_PG)),
                values.getOrDefault(Setting.DB_USER, "whatmoved"),
                values.getOrDefault(Setting.DB_PASSWORD, "whatmoved"),
                !bool(values, Setting.INFRA_ONLY));
    }

    public List<ServiceSpec> services() {
        if (!startServices) {
            return List.of();
        }
        return List.of(
                new ServiceSpec("features", featuresPort, Setting.FEATURES_PORT),
                new ServiceSpec("metrics", metricsPort, Setting.METRICS_PORT),
                new ServiceSpec("attribution", attributionPort, Setting.ATTRIBUTION_PORT),
                // Notifications by the teams' rules (docs/notifications.md); consumes the others' events.
                new ServiceSpec("notify", notifyPort, Setting.NOTIFY_PORT),
                // The web pages; it has no database and reads the three services (docs/console.md).
                new ServiceSpec(CONSOLE, consolePort, Setting.CONSOLE_PORT));
    }

    /** The ports this configuration will bind on this machine, with the setting that moves each. */
    public List<PortCheck.Claim> portClaims() {
        List<PortCheck.Claim> claims = new ArrayList<>();
        if (externalPg.isEmpty()) {
            claims.add(new PortCheck.Claim(pgPort, Setting.PG_PORT));
        }
        if (externalKafka.isEmpty()) {
            claims.add(new PortCheck.Claim(kafkaPort, Setting.KAFKA_PORT));
            claims.add(new PortCheck.Claim(kafkaControllerPort, Setting.KAFKA_CONTROLLER_PORT));
        }
        for (ServiceSpec service : services()) {
            claims.add(new PortCheck.Claim(service.port(), service.portSetting()));
        }
        return claims;
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public PlatformConfig withoutServices() {
        return new PlatformConfig(
                home,
                dataDir,
                pgPort,
                kafkaPort,
                kafkaControllerPort,
                featuresPort,
                metricsPort,
                attributionPort,
                notifyPort,
                consolePort,
                startTimeout,
                serviceJavaOptions,
                externalKafka,
                externalPg,
                dbUser,
                dbPassword,
                false);
    }

    static int parsePort(String text, Setting setting) {
        int port = parseInt(text, setting);
        if (port < 1 || port > 65535) {
            throw new LauncherException(
                    setting.howToSet() + ": " + port + " is not a port number (1-65535)", LauncherException.USAGE);
        }
        return port;
    }

    private static int port(Map<Setting, String> values, Setting setting, int fallback) {
        String text = values.get(setting);
        return text == null ? fallback : parsePort(text, setting);
    }

    private static int integer(Map<Setting, String> values, Setting setting, int fallback) {
        String text = values.get(setting);
        return text == null
                ? fallback
                : parseInt(text.endsWith("s") ? text.substring(0, text.length() - 1) : text, setting);
    }

    private static int parseInt(String text, Setting setting) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new LauncherException(
                    setting.howToSet() + ": '" + text + "' is not a number", LauncherException.USAGE);
        }
    }

    private static boolean bool(Map<Setting, String> values, Setting setting) {
        String text = values.getOrDefault(setting, "false").toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default ->
                throw new LauncherException(
                        setting.howToSet() + ": '" + text + "' is neither true nor false", LauncherException.USAGE);
        };
    }
}
