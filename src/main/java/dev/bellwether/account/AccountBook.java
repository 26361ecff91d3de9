package dev.bellwether.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.AccountDetail;
import io.agroal.api.AgroalDataSource;

/**
 * The current tenant's accounts with their health at the reporting month: filtered, sorted and
 * paged for lists, or one with everything for the account page and API.
 */
@ApplicationScoped
public class AccountBook {

    /** How lists may be sorted: a key and its SQL (nulls last, ties by name). */
    public static final Map<String, String> SORTS = Map.of(
            "health", "s.health asc nulls last", "-health", "s.health desc nulls last",
            "mrr", "coalesce(s.mrr, 0) asc", "-mrr", "coalesce(s.mrr, 0) desc",
            "name", "a.name asc", "-name", "a.name desc",
            "renewal", "a.renewal_date asc nulls last", "-renewal", "a.renewal_date desc nulls last");

    /** A filter of the list; null fields do not filter. {@code band} may be "none" for accounts without a band. */
    public record Filter(String band, String segment, String csmEmail, String search, Integer renewalWithinDays,
            boolean activeOnly) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, false);
        }
    }

    /** One line of a list. */
    public record Line(String accountId, String name, String segment, String csmEmail, double mrr, Double health,
            String band, LocalDate renewalDate, Double previousHealth, boolean active) {
    }

    /** A page of a list and how many lines match in all. */
    public record Page(List<Line> lines, long total, int page, int size) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    /** An account with its attributes, health and its explanation. */
    public record Full(Line line, String industry, String plan, LocalDate customerSince, Integer licensedSeats,
            LocalDate firstValueDate, YearMonth month, AccountDetail detail) {
    }

    /** One month of an account's health history. */
    public record HistoryPoint(YearMonth month, double mrr, Double health, String band, int modelVersion) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    public Page list(Filter filter, String sort, int page, int size, LocalDate asOf) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> parameters = new ArrayList<>();
        if (filter.band() != null) {
            if (filter.band().equals("none")) {
                where.append(" and s.band is null");
            } else {
                where.append(" and s.band = ?");
                parameters.add(filter.band());
            }
        }
        if (filter.segment() != null) {
            where.append(" and a.segment = ?");
            parameters.add(filter.segment());
        }
        if (filter.csmEmail() != null) {
            where.append(" and lower(a.csm_email) = lower(?)");
            parameters.add(filter.csmEmail());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" and (a.name ilike ? or a.account_id ilike ?)");
            String like = "%" + filter.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parameters.add(like);
            parameters.add(like);
        }
        if (filter.renewalWithinDays() != null) {
            where.append(" and a.renewal_date between ? and ?");
            parameters.add(asOf);
            parameters.add(asOf.plusDays(filter.renewalWithinDays()));
        }
        if (filter.activeOnly()) {
            where.append(" and s.active");
        }
        String from = " from account a left join account_snapshot s on s.tenant_id = a.tenant_id and s.account_id = a.account_id";
        long total = query("select count(*)" + from + where, parameters, rows -> rows.getLong(1)).get(0);
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) (page - 1) * size);
        List<Line> lines = query("select " + LINE + from + where + " order by " + SORTS.getOrDefault(sort, SORTS.get("health"))
                + ", a.name, a.account_id limit ? offset ?", paged, AccountBook::line);
        return new Page(lines, total, page, size);
    }

    public Optional<Full> find(String accountId) {
        return query("select " + LINE + ", a.industry, a.plan, a.customer_since, a.licensed_seats, a.first_value_date,"
                + " s.month, s.detail from account a left join account_snapshot s on s.tenant_id = a.tenant_id"
                + " and s.account_id = a.account_id where a.account_id = ?", List.of(accountId), rows -> new Full(line(rows),
                        rows.getString(11), rows.getString(12), date(rows, 13), (Integer) rows.getObject(14), date(rows, 15),
                        rows.getDate(16) == null ? null : YearMonth.from(rows.getDate(16).toLocalDate()),
                        rows.getString(17) == null ? null : detail(rows.getString(17))))
                .stream().findFirst();
    }

    public List<HistoryPoint> history(String accountId) {
        return query("select month, mrr, health, band, model_version from account_history where account_id = ? order by month",
                List.of(accountId), rows -> new HistoryPoint(YearMonth.from(rows.getDate(1).toLocalDate()), rows.getDouble(2),
                        (Double) rows.getObject(3), rows.getString(4), rows.getInt(5)));
    }

    private static final String LINE = "a.account_id, a.name, a.segment, a.csm_email, coalesce(s.mrr, 0), s.health, s.band,"
            + " a.renewal_date, s.previous_health, coalesce(s.active, false)";

    private static Line line(ResultSet rows) throws SQLException {
        return new Line(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getDouble(5),
                (Double) rows.getObject(6), rows.getString(7), date(rows, 8), (Double) rows.getObject(9), rows.getBoolean(10));
    }

    private static LocalDate date(ResultSet rows, int column) throws SQLException {
        java.sql.Date value = rows.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    private AccountDetail detail(String value) {
        try {
            return json.readValue(value, AccountDetail.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> parameters, Row<T> mapper) {
        List<T> results = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    results.add(mapper.read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the accounts", e);
        }
        return results;
    }
}
