package dev.whatmoved.kit.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.hibernate.exception.DataException;
import org.junit.jupiter.api.Test;

/**
 * SqlStates names no Hibernate type (metrics runs without Hibernate): a Hibernate JDBC exception is still read, through
 * the SQLException it carries as its cause. A plain unit test (milliseconds).
 */
class SqlStatesTest {

    @Test
    void readsTheStateOfAHibernateJdbcExceptionThroughItsCause() {
        DataException hibernate = new DataException("could not execute statement", new SQLException("NUL", "22021"));

        assertThat(SqlStates.sqlState(new RuntimeException("wrapped", hibernate)))
                .isEqualTo("22021");
        assertThat(SqlStates.refusedData(hibernate, "/api/x").status()).isEqualTo(400);
    }

    @Test
    void noDatabaseErrorHasNoState() {
        assertThat(SqlStates.sqlState(new IllegalStateException("no database here")))
                .isNull();
    }
}
