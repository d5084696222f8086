package dev.whatmoved.local;

/**
 * Every setting of the launcher: one environment variable and one matching flag each, so
 * {@code --help} and the error messages are generated from the same table as the parser.
 */
enum Setting {
    DATA_DIR(
            "WHATMOVED_DATA_DIR",
            "--data-dir",
            "DIR",
            null,
            "where PostgreSQL, Kafka and the logs keep their files",
            "<repo>/.whatmoved"),
    PG_PORT("WHATMOVED_PG_PORT", "--pg-port", "PORT", "PostgreSQL", "PostgreSQL port", "5432"),
    KAFKA_PORT(
            "WHATMOVED_KAFKA_PORT", "--kafka-port", "PORT", "Kafka", "Kafka broker port (PLAINTEXT listener)", "9092"),
    KAFKA_CONTROLLER_PORT(
            "WHATMOVED_KAFKA_CONTROLLER_PORT",
            "--kafka-controller-port",
            "PORT",
            "Kafka controller",
            "Kafka KRaft controller port",
            "Kafka port + 1"),
    FEATURES_PORT(
            "WHATMOVED_FEATURES_PORT", "--features-port", "PORT", "features service", "features HTTP port", "8081"),
    METRICS_PORT("WHATMOVED_METRICS_PORT", "--metrics-port", "PORT", "metrics service", "metrics HTTP port", "8082"),
    ATTRIBUTION_PORT(
            "WHATMOVED_ATTRIBUTION_PORT",
            "--attribution-port",
            "PORT",
            "attribution service",
            "attribution HTTP port",
            "8083"),
    NOTIFY_PORT(
            "WHATMOVED_NOTIFY_PORT",
            "--notify-port",
            "PORT",
            "notify service",
            "notify HTTP port (notifications to Slack, Teams, webhooks, email)",
            "8084"),
    CONSOLE_PORT(
            "WHATMOVED_CONSOLE_PORT", "--console-port", "PORT", "console", "console HTTP port (the web pages)", "8080"),
    START_TIMEOUT(
            "WHATMOVED_START_TIMEOUT",
            "--start-timeout",
            "SECONDS",
            null,
            "how long Kafka and each service may take to become ready",
            "120"),
    SERVICE_JAVA_OPTS(
            "WHATMOVED_SERVICE_JAVA_OPTS",
            "--service-java-opts",
            "OPTIONS",
            null,
            "JVM options of each service, space-separated (e.g. -Xmx512m; the tests start with -XX:TieredStopAtLevel=1)",
            "none"),
    EXTERNAL_KAFKA(
            "WHATMOVED_EXTERNAL_KAFKA",
            "--external-kafka",
            "HOST:PORT",
            null,
            "use this Kafka instead of starting a broker",
            "none"),
    EXTERNAL_PG(
            "WHATMOVED_EXTERNAL_PG",
            "--external-pg",
            "HOST:PORT",
            null,
            "use this PostgreSQL instead of starting one (databases features, metrics, attribution, notify must exist)",
            "none"),
    DB_USER("WHATMOVED_DB_USER", "--db-user", "NAME", null, "database user of the services", "whatmoved"),
    DB_PASSWORD("WHATMOVED_DB_PASSWORD", "--db-password", "SECRET", null, "password of that user", "whatmoved"),
    INFRA_ONLY(
            "WHATMOVED_INFRA_ONLY",
            "--infra-only",
            null,
            null,
            "start PostgreSQL and Kafka only (e.g. to run a service in quarkus:dev against them)",
            "false");

    final String env;
    final String flag;
    /** Name of the flag's value in the help text; null for a switch that takes none. */
    final String valueName;
    /** For ports: what binds it, as named in the "already in use" message. */
    final String portOwner;

    final String description;
    final String defaultText;

    Setting(String env, String flag, String valueName, String portOwner, String description, String defaultText) {
        this.env = env;
        this.flag = flag;
        this.valueName = valueName;
        this.portOwner = portOwner;
        this.description = description;
        this.defaultText = defaultText;
    }

    boolean isSwitch() {
        return valueName == null;
    }

    /** How to change this setting, as said in error messages. */
    String howToSet() {
        return env + " (or " + flag + ")";
    }

    static Setting byFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag.equals(flag)) {
                return setting;
            }
        }
        return null;
    }
}
