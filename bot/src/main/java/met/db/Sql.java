package met.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A statement written as SQL and run as a JDBC prepared statement on the connection of {@code db} (inside a jOOQ
 * transaction, the transaction's). For the very few statements on Met's hottest path, where building and rendering
 * jOOQ's DSL on every request cost more than the database's own work (see CaptureRepository). Errors come out as
 * jOOQ's {@link DataAccessException} with the {@link SQLException} as cause, like every other statement's, so SQL
 * states and outages are recognised the same way.
 */
public final class Sql {
    private final String text;

    private Sql(String text) {
        this.text = text;
    }

    /** Parameters are {@code ?}, each with a cast in the text ({@code ?::date}): that is where their type comes from. */
    public static Sql of(String text) {
        return new Sql(text);
    }

    /** A row of a result, read in order. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    public <T> List<T> query(DSLContext db, RowMapper<T> mapper, Object... params) {
        // The connection straight from jOOQ's provider (inside a transaction, the transaction's): jOOQ's own
        // connectionResult wraps it, and every statement and parameter, in proxies that map schemas and listen for
        // events Met does not use; on this path that was a visible share of a capture's CPU.
        ConnectionProvider provider = db.configuration().connectionProvider();
        Connection connection = provider.acquire();
        try (PreparedStatement statement = connection.prepareStatement(text)) {
            bind(connection, statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        } finally {
            provider.release(connection);
        }
    }

    /**
     * Every value goes as text of no declared type, and the cast beside its {@code ?} types it. A null then has the
     * same parameter type as a value: PgJDBC prepares a statement on the server once per connection for one set of
     * parameter types, and a parameter that is sometimes null, sometimes not, would otherwise make it parse and plan
     * the statement again (the benchmark saw PostgreSQL's CPU per capture rise by a third). A list goes as an array
     * of text ({@code ?::date[]} types it), its nulls kept.
     */
    private static void bind(Connection connection, PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof List<?> list) {
                String[] values = list.stream().map(v -> v == null ? null : v.toString()).toArray(String[]::new);
                statement.setArray(i + 1, connection.createArrayOf("text", values));
            } else if (p == null) {
                statement.setNull(i + 1, Types.OTHER);
            } else if (p instanceof String || p instanceof Long || p instanceof Integer || p instanceof Boolean || p instanceof LocalDate) {
                statement.setObject(i + 1, p.toString(), Types.OTHER);
            } else {
                throw new IllegalArgumentException("no binding for " + p.getClass().getName());
            }
        }
    }

    /** A nullable date column. */
    public static LocalDate getDate(ResultSet row, String column) throws SQLException {
        return row.getObject(column, LocalDate.class);
    }
}
