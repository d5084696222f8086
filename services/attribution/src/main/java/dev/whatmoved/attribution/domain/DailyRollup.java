package dev.whatmoved.attribution.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/** The latest known totals of one metric on one UTC day. */
@Entity
@Table(name = "daily_rollup")
@IdClass(DailyRollup.Key.class)
public class DailyRollup extends Rollup {

    @Id
    public String metric;

    @Id
    public LocalDate day;

    public static class Key implements Serializable {
        public String metric;
        public LocalDate day;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(metric, key.metric) && Objects.equals(day, key.day);
        }

        @Override
        public int hashCode() {
            return Objects.hash(metric, day);
        }
    }
}
