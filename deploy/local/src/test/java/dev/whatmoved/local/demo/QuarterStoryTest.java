package dev.whatmoved.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Prediction;
import dev.whatmoved.local.demo.Scenario.Release;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo's story has what issue 6 asks for, every time, and its dates fit the platform's rules. */
class QuarterStoryTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private final Scenario scenario = QuarterStory.build(TODAY);

    @Test
    void threeTeamsTwelveFeaturesWithPredictionsFortyReleasesTenMetrics() {
        assertThat(scenario.teams()).containsExactly("growth", "checkout", "discovery");
        assertThat(scenario.features()).hasSize(12).allSatisfy(f -> assertThat(f.predictions())
                .isNotEmpty());
        assertThat(scenario.features().stream().map(Feature::team).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(scenario.teams()));
        assertThat(scenario.releases()).hasSize(40);
        assertThat(scenario.metrics()).hasSize(10);
        assertThat(scenario.metrics().stream().map(Scenario.Metric::feed).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Scenario.Feed.KAFKA, Scenario.Feed.OTLP);
        assertThat(scenario.releases().stream().map(Release::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Scenario.Source.values());
        // every predicted metric is one the scenario feeds
        Set<String> metrics =
                scenario.metrics().stream().map(Scenario.Metric::key).collect(Collectors.toSet());
        scenario.features()
                .forEach(f -> f.predictions().forEach(p -> assertThat(metrics).contains(p.metric())));
        // every feature ships in the quarter
        scenario.features()
                .forEach(f -> assertThat(scenario.firstRelease(f.key())).isPresent());
    }

    @Test
    void aFewRolledBackAFewOverlappingSomeUnlinkedOneAmendedAfterShip() {
        assertThat(scenario.rolledBack()).extracting(Release::id).containsExactly("r14", "r17", "r20");
        assertThat(scenario.releases().stream().filter(r -> r.rollsBack().isPresent()))
                .extracting(r -> r.source() + " " + r.rollback())
                .containsExactly("API true", "CDEVENTS_BINARY true", "GITHUB_APP false"); // flagged twice, one redeploy
        assertThat(scenario.overlapping(7))
                .extracting(pair -> pair.get(0).id() + "+" + pair.get(1).id())
                .containsExactly("r05+r09", "r12+r13", "r26+r28");
        assertThat(scenario.unlinked()).hasSize(19);
        assertThat(scenario.amendedAfterShip()).extracting(Feature::key).containsExactly("checkout-redesign");
        assertThat(scenario.features().stream().filter(f -> f.amendment().isPresent()))
                .extracting(Feature::key)
                .containsExactlyInAnyOrder("social-signup", "checkout-redesign");
    }

    @Test
    void somePredictionsRightSomeWrongInDirectionSomeOverconfident() {
        Map<String, Double> truth = Map.of(
                "onboarding-checklist", effect("r02", "activations"),
                "referral-rewards", effect("r11", "referral.invites"),
                "express-shipping-banner", effect("r17", "checkout.orders"),
                "split-payments", effect("r09", "checkout.orders"),
                "similar-items", effect("r13", "recs.clicks"));
        assertThat(truth.get("onboarding-checklist")).isPositive(); // predicted up: right
        assertThat(truth.get("referral-rewards")).isNegative(); // predicted up: wrong in direction
        assertThat(truth.get("express-shipping-banner")).isNegative(); // predicted up: wrong in direction
        Prediction split = scenario.feature("split-payments").predictions().get(0);
        assertThat(split.confidence()).isGreaterThanOrEqualTo(0.9);
        assertThat(100 * truth.get("split-payments")).isLessThan(split.lowPct()); // overconfident in size
        assertThat(scenario.feature("similar-items").predictions().get(0).confidence())
                .isEqualTo(0.9);
        assertThat(truth.get("similar-items")).isZero(); // overconfident: nothing moves
        assertThat(scenario.features().stream()
                        .flatMap(f -> f.predictions().stream())
                        .filter(Prediction::guardrail))
                .hasSize(2);
    }

    @Test
    void theQuarterIsPastEnoughForEveryCheckpointWithEightWeeksOfHistoryBeforeIt() {
        assertThat(scenario.quarter()).isEqualTo("2026-Q2");
        assertThat(scenario.quarterStart()).isEqualTo(LocalDate.of(2026, 4, 1));
        for (int d = 0; d < 366; d++) {
            LocalDate today = TODAY.plusDays(d);
            Scenario s = QuarterStory.build(today);
            assertThat(s.quarterStart().getDayOfMonth()).isEqualTo(1);
            assertThat(s.releases()).allSatisfy(r -> {
                assertThat(r.day()).isBetween(s.quarterStart(), s.quarterEnd());
                assertThat(r.day().plusDays(QuarterStory.LAST_CHECKPOINT_DAYS)).isBefore(today);
            });
            assertThat(ChronoUnit.DAYS.between(s.dataFrom(), s.releases().get(0).day()))
                    .isGreaterThanOrEqualTo(56);
            // the platform the demo starts takes points up to 400 days old
            assertThat(ChronoUnit.DAYS.between(s.dataFrom(), today)).isLessThan(400);
            assertThat(s.dataTo()).isEqualTo(today.minusDays(1));
        }
    }

    @Test
    void theSameSeedGivesTheSamePointsAndAnotherSeedOtherNoise() {
        Scenario.Metric orders = scenario.metric("checkout.orders");
        assertThat(MetricSeries.points(QuarterStory.build(TODAY), orders))
                .isEqualTo(MetricSeries.points(scenario, orders));
        assertThat(MetricSeries.daily(QuarterStory.build(TODAY, 7), orders))
                .isNotEqualTo(MetricSeries.daily(scenario, orders));
        assertThat(MetricSeries.points(scenario, orders)).hasSize(MetricSeries.pointsPerMetric(scenario));
    }

    @Test
    void theSeriesCarryTheTrueEffectsWeeklyCycleAndNoise() {
        // onboarding checklist (r02): activations +9 % from its release; four weeks either side, same weekdays
        assertThat(change("activations", scenario.release("r02").day(), 28)).isBetween(0.05, 0.13);
        // express shipping banner (r17), rolled back nine days later: -4 % while it ran, gone after
        LocalDate banner = scenario.release("r17").day();
        assertThat(change("checkout.orders", banner, 7)).isBetween(-0.08, -0.01);
        // a release without effect: no step
        assertThat(change("recs.clicks", scenario.release("r13").day().plusDays(14), 14))
                .isBetween(-0.03, 0.03);
        // weekly cycle: shopping metrics peak on Saturdays
        double[] orders = MetricSeries.daily(scenario, scenario.metric("checkout.orders"));
        double saturdays = 0;
        double tuesdays = 0;
        for (int i = 0; i < 56; i++) {
            switch (scenario.dataFrom().plusDays(i).getDayOfWeek()) {
                case SATURDAY -> saturdays += orders[i];
                case TUESDAY -> tuesdays += orders[i];
                default -> {}
            }
        }
        assertThat(saturdays / tuesdays).isBetween(1.08, 1.18);
        // and noise around level and weekly cycle: about the metric's 1.5 % a day
        Scenario.Metric metric = scenario.metric("checkout.orders");
        double squares = 0;
        for (int i = 0; i < 56; i++) {
            double expected = metric.base()
                    * (1 + metric.trendPerWeek() * i / 7.0)
                    * metric.week().factor(scenario.dataFrom().plusDays(i));
            squares += Math.pow(Math.log(orders[i] / expected), 2);
        }
        assertThat(Math.sqrt(squares / 56)).isBetween(0.008, 0.03);
    }

    @Test
    void everyPointIsTheTotalOfItsDayAndStaysInIt() {
        Scenario.Metric revenue = scenario.metric("checkout.revenue");
        List<MetricSeries.Point> points = MetricSeries.points(scenario, revenue);
        double[] daily = MetricSeries.daily(scenario, revenue);
        for (int i = 0; i < daily.length; i++) {
            MetricSeries.Point point = points.get(i);
            LocalDate day = scenario.dataFrom().plusDays(i);
            assertThat(List.of(point.start(), point.end(), point.middle()))
                    .allSatisfy(t -> assertThat(t.toString()).startsWith(day.toString()));
            assertThat(point.value()).isEqualTo(daily[i]);
        }
    }

    private double effect(String release, String metric) {
        return scenario.release(release).effects().getOrDefault(metric, 0.0);
    }

    /** Relative change of the mean of {@code days} days after the release day against as many days before it. */
    private double change(String metric, LocalDate releaseDay, int days) {
        double[] daily = MetricSeries.daily(scenario, scenario.metric(metric));
        int at = (int) ChronoUnit.DAYS.between(scenario.dataFrom(), releaseDay);
        double before = 0;
        double after = 0;
        for (int i = 1; i <= days; i++) {
            before += daily[at - i];
            after += daily[at + i];
        }
        return after / before - 1;
    }
}
