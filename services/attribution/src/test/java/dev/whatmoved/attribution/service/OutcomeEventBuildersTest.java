package dev.whatmoved.attribution.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The builders' one positional call puts each value where its name says: every field gets a distinct value, and each
 * component must read back the value given to the setter of the same name. A plain unit test (milliseconds).
 */
class OutcomeEventBuildersTest {

    private static final UUID OUTCOME = UUID.randomUUID();
    private static final UUID RELEASE = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    private static final List<UUID> CONFOUNDERS = List.of(UUID.randomUUID());

    @Test
    void measuredPutsEveryFieldWhereItsNameSays() {
        OutcomeMeasured.Window window = new OutcomeMeasured.Window(
                LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"),
                LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-07"));
        OutcomeMeasured event = new OutcomeMeasuredBuilder()
                .outcomeId(OUTCOME)
                .releaseId(RELEASE)
                .featureKey("feature")
                .predictionNumber(1)
                .predictionVersion(2)
                .metric("metric")
                .checkpointDays(3)
                .version(4)
                .verdict("verdict")
                .relEffectPct(5.0)
                .relEffectLowerPct(6.0)
                .relEffectUpperPct(7.0)
                .p(0.08)
                .method("method")
                .measuredAt(AT)
                .service("service")
                .environment("environment")
                .guardrail(true)
                .direction("down")
                .expectedChangePct(9.0)
                .tolerancePct(10.0)
                .absEffect(11.0)
                .absEffectLower(12.0)
                .absEffectUpper(13.0)
                .minimumDetectableEffectPct(14.0)
                .window(window)
                .postDays(15)
                .reason("reason")
                .confounders(CONFOUNDERS)
                .guardrailBreached(false)
                .build();
        assertThat(event)
                .isEqualTo(new OutcomeMeasured(
                        OUTCOME,
                        RELEASE,
                        "feature",
                        1,
                        2,
                        "metric",
                        3,
                        4,
                        "verdict",
                        5.0,
                        6.0,
                        7.0,
                        0.08,
                        "method",
                        AT,
                        "service",
                        "environment",
                        true,
                        "down",
                        9.0,
                        10.0,
                        11.0,
                        12.0,
                        13.0,
                        14.0,
                        window,
                        15,
                        "reason",
                        CONFOUNDERS,
                        false));
        assertThat(event.relEffectLowerPct()).isEqualTo(6.0);
        assertThat(event.absEffectUpper()).isEqualTo(13.0);
        assertThat(event.minimumDetectableEffectPct()).isEqualTo(14.0);
    }

    @Test
    void breachPutsEveryFieldWhereItsNameSays() {
        OutcomeGuardrailBreached event = new GuardrailBreachBuilder()
                .outcomeId(OUTCOME)
                .releaseId(RELEASE)
                .service("service")
                .environment("environment")
                .featureKey("feature")
                .predictionNumber(1)
                .predictionVersion(2)
                .metric("metric")
                .checkpointDays(3)
                .version(4)
                .direction("down")
                .tolerancePct(5.0)
                .relEffectPct(6.0)
                .relEffectLowerPct(7.0)
                .relEffectUpperPct(8.0)
                .intervalBeyondTolerance(true)
                .p(0.09)
                .confounders(CONFOUNDERS)
                .measuredAt(AT)
                .build();
        assertThat(event)
                .isEqualTo(new OutcomeGuardrailBreached(
                        OUTCOME,
                        RELEASE,
                        "service",
                        "environment",
                        "feature",
                        1,
                        2,
                        "metric",
                        3,
                        4,
                        "down",
                        5.0,
                        6.0,
                        7.0,
                        8.0,
                        true,
                        0.09,
                        CONFOUNDERS,
                        AT));
    }

    @Test
    void aFieldLeftUnsetIsNamed() {
        assertThatThrownBy(() -> new GuardrailBreachBuilder()
                        .outcomeId(OUTCOME)
                        .releaseId(RELEASE)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("service")
                .hasMessageContaining("measuredAt");
    }

    @Test
    void aMeasuredFieldLeftUnsetIsNamed() {
        assertThatThrownBy(() -> new OutcomeMeasuredBuilder()
                        .outcomeId(OUTCOME)
                        .relEffectPct(null)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("OutcomeMeasured without [releaseId, featureKey")
                .hasMessageContaining("relEffectLowerPct")
                .hasMessageNotContaining("relEffectPct,")
                .hasMessageContaining("guardrailBreached");
    }

    @Test
    void aNameThatIsNoComponentIsRefused() {
        RequiredFields fields = new RequiredFields(OutcomeGuardrailBreached.class);
        assertThatThrownBy(() -> fields.set("relEffect", 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OutcomeGuardrailBreached has no component relEffect");
    }
}
