package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformConfigTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void defaults() {
        PlatformConfig config = PlatformConfig.from(Map.of(), List.of(), HOME);

        assertEquals(Path.of("/repo/.whatmoved"), config.dataDir());
        assertEquals(5432, config.pgPort());
        assertEquals(9092, config.kafkaPort());
        assertEquals(9093, config.kafkaControllerPort());
        assertEquals(8081, config.featuresPort());
        assertEquals(8082, config.metricsPort());
        assertEquals(8083, config.attributionPort());
        assertEquals(8084, config.notifyPort());
        assertEquals(8080, config.consolePort());
        assertEquals(Duration.ofSeconds(120), config.startTimeout());
        assertEquals(Optional.empty(), config.externalKafka());
        assertEquals(Optional.empty(), config.externalPg());
        assertEquals("whatmoved", config.dbUser());
        assertEquals("whatmoved", config.dbPassword());
        assertEquals(
                List.of("features", "metrics", "attribution", "notify", "console"),
                config.services().stream().map(PlatformConfig.ServiceSpec::name).toList());
        assertEquals(Path.of("/repo/.whatmoved/logs"), config.logsDir());
    }

    @Test
    void environmentSetsEverySetting() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("WHATMOVED_DATA_DIR", "/data/wm"),
                Map.entry("WHATMOVED_PG_PORT", "15432"),
                Map.entry("WHATMOVED_KAFKA_PORT", "19092"),
                Map.entry("WHATMOVED_KAFKA_CONTROLLER_PORT", "19999"),
                Map.entry("WHATMOVED_FEATURES_PORT", "18081"),
                Map.entry("WHATMOVED_METRICS_PORT", "18082"),
                Map.entry("WHATMOVED_ATTRIBUTION_PORT", "18083"),
                Map.entry("WHATMOVED_NOTIFY_PORT", "18084"),
                Map.entry("WHATMOVED_CONSOLE_PORT", "18080"),
                Map.entry("WHATMOVED_START_TIMEOUT", "30"),
                Map.entry("WHATMOVED_DB_USER", "app"),
                Map.entry("WHATMOVED_DB_PASSWORD", "secret"),
                Map.entry("WHATMOVED_INFRA_ONLY", "true"));

        PlatformConfig config = PlatformConfig.from(env, List.of(), HOME);

        assertEquals(Path.of("/data/wm"), config.dataDir());
        assertEquals(15432, config.pgPort());
        assertEquals(19092, config.kafkaPort());
        assertEquals(19999, config.kafkaControllerPort());
        assertEquals(18081, config.featuresPort());
        assertEquals(18082, config.metricsPort());
        assertEquals(18083, config.attributionPort());
        assertEquals(18084, config.notifyPort());
        assertEquals(18080, config.consolePort());
        assertEquals(Duration.ofSeconds(30), config.startTimeout());
        assertEquals("app", config.dbUser());
        assertEquals("secret", config.dbPassword());
        assertFalse(config.startServices());
        assertEquals(List.of(), config.services());
    }

    @Test
    void flagsWinOverEnvironmentInBothSpellings() {
        PlatformConfig config = PlatformConfig.from(
                Map.of("WHATMOVED_KAFKA_PORT", "19092", "WHATMOVED_PG_PORT", "15432"),
                List.of("--kafka-port", "29092", "--pg-port=25432", "--start-timeout", "45s"),
                HOME);

        assertEquals(29092, config.kafkaPort());
        assertEquals(25432, config.pgPort());
        assertEquals(Duration.ofSeconds(45), config.startTimeout());
    }

    @Test
    void controllerPortFollowsKafkaPortUnlessSet() {
        assertEquals(
                19093,
                PlatformConfig.from(Map.of(), List.of("--kafka-port", "19092"), HOME)
                        .kafkaControllerPort());
        assertEquals(
                9999,
                PlatformConfig.from(Map.of(), List.of("--kafka-port", "19092", "--kafka-controller-port", "9999"), HOME)
                        .kafkaControllerPort());
    }

    @Test
    void relativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        PlatformConfig config = PlatformConfig.from(Map.of("WHATMOVED_DATA_DIR", "mydata"), List.of(), HOME);

        assertEquals(Path.of("mydata").toAbsolutePath().normalize(), config.dataDir());
    }

    @Test
    void externalInfrastructureIsNotPortChecked() {
        PlatformConfig config = PlatformConfig.from(
                Map.of("WHATMOVED_EXTERNAL_KAFKA", "kafka.example:9094"),
                List.of("--external-pg", "db.example:6543"),
                HOME);

        assertEquals(Optional.of(new HostPort("kafka.example", 9094)), config.externalKafka());
        assertEquals(Optional.of(new HostPort("db.example", 6543)), config.externalPg());
        assertEquals(
                List.of(
                        Setting.FEATURES_PORT,
                        Setting.METRICS_PORT,
                        Setting.ATTRIBUTION_PORT,
                        Setting.NOTIFY_PORT,
                        Setting.CONSOLE_PORT),
                config.portClaims().stream().map(PortCheck.Claim::setting).toList());
    }

    @Test
    void portClaimsCoverEverythingStartedHere() {
        PlatformConfig config = PlatformConfig.from(Map.of(), List.of(), HOME);

        assertEquals(
                List.of(5432, 9092, 9093, 8081, 8082, 8083, 8084, 8080),
                config.portClaims().stream().map(PortCheck.Claim::port).toList());
        assertEquals(
                List.of(5432, 9092, 9093),
                config.withoutServices().portClaims().stream()
                        .map(PortCheck.Claim::port)
                        .toList());
    }

    @Test
    void infraOnlySwitch() {
        assertFalse(PlatformConfig.from(Map.of(), List.of("--infra-only"), HOME).startServices());
        assertTrue(PlatformConfig.from(Map.of(), List.of(), HOME).startServices());
    }

    @Test
    void badValuesNameTheSetting() {
        LauncherException notANumber = assertThrows(
                LauncherException.class,
                () -> PlatformConfig.from(Map.of("WHATMOVED_PG_PORT", "abc"), List.of(), HOME));
        assertTrue(notANumber.getMessage().contains("WHATMOVED_PG_PORT"), notANumber.getMessage());
        assertEquals(2, notANumber.exitCode());

        LauncherException outOfRange = assertThrows(
                LauncherException.class, () -> PlatformConfig.from(Map.of(), List.of("--kafka-port", "70000"), HOME));
        assertTrue(outOfRange.getMessage().contains("--kafka-port"), outOfRange.getMessage());

        LauncherException badHostPort = assertThrows(
                LauncherException.class,
                () -> PlatformConfig.from(Map.of("WHATMOVED_EXTERNAL_KAFKA", "justahost"), List.of(), HOME));
        assertTrue(badHostPort.getMessage().contains("HOST:PORT"), badHostPort.getMessage());

        LauncherException unknown =
                assertThrows(LauncherException.class, () -> PlatformConfig.from(Map.of(), List.of("--nope"), HOME));
        assertTrue(unknown.getMessage().contains("--nope"), unknown.getMessage());

        LauncherException missingValue =
                assertThrows(LauncherException.class, () -> PlatformConfig.from(Map.of(), List.of("--pg-port"), HOME));
        assertTrue(missingValue.getMessage().contains("--pg-port"), missingValue.getMessage());
    }
}
