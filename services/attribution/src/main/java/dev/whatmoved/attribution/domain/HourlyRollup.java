package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The newest totals of one hour of a metric (over all dimensions), from the metrics service's rollup events. */
@Entity
@Table(name = "hourly_rollup")
@IdClass(HourlyRollup.Key.class)
public class HourlyRollup extends Rollup {

    @Id
    public String metric;

    @Id
    @Column(name = "hour")
    public Instant hour;

    public static class Key implements Serializable {
        public String metric;
        public Instant hour;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(metric, key.metric) && Objects.equals(hour, key.hour);
        }

        @Override
        public int hashCode() {
            return Objects.hash(metric, hour);
        }
    }
}
