package dev.bellwether.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives each test run a fresh test database (and makes sure Bellwether's two roles exist) before
 * Quarkus starts and migrates it, so {@code ./mvnw verify} needs nothing prepared by hand beyond
 * a running PostgreSQL that accepts its superuser locally (trust auth, as on these machines), and
 * no run sees what an earlier one left. Uses the same role definitions as docker/run-local.sh
 * ({@code docker/postgres/bootstrap-roles.sql}).
 */
public class DatabaseBootstrap implements QuarkusTestResourceLifecycleManager {

    static final String HOST = env("BW_DB_HOST", "127.0.0.1");
    static final String PORT = env("BW_DB_PORT", "5432");
    static final String DATABASE = env("BW_TEST_DB_NAME", "bellwether_test");
    static final String SUPERUSER = env("BW_DB_SUPERUSER", "postgres");
    static final String SUPERUSER_PASSWORD = env("BW_DB_SUPERUSER_PASSWORD", "");

    /** Set by failsafe for the end-to-end suite, which runs the packaged app. */
    private final boolean integrationTest = Boolean.getBoolean("bellwether.e2e");


    @Override
    public Map<String, String> start() {
        ensureDatabase();
        return integrationTest ? Map.of("quarkus.datasource.jdbc.url", jdbcUrl()) : Map.of();
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    @Override
    public void stop() {
    }

    private static boolean created;

    /** Creates the roles and, once per JVM, a new empty test database. */
    public static synchronized void ensureDatabase() {
        if (created) {
            return;
        }
        String admin = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, SUPERUSER, SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(Path.of("docker/postgres/bootstrap-roles.sql")));
            statement.execute("drop database if exists \"" + DATABASE + "\" with (force)");
            statement.execute("create database \"" + DATABASE + "\" owner bellwether_owner");
            created = true;
        } catch (SQLException | IOException e) {
            // 28P01 / 28000: PostgreSQL answered but refused the sign-in; not a server that is down
            String state = e instanceof SQLException sql ? sql.getSQLState() : null;
            String hint = state != null && state.startsWith("28")
                    ? " PostgreSQL refused the sign-in: pg_hba.conf needs 'host all " + SUPERUSER + " " + HOST
                            + "/32 trust', or set BW_DB_SUPERUSER_PASSWORD (README, Two commands)."
                    : " Is PostgreSQL running? (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main"
                            + " start)";
            throw new IllegalStateException("Could not prepare the test database " + DATABASE
                    + " on " + HOST + ":" + PORT + " as " + SUPERUSER + "." + hint, e);
        }
    }

    /**
     * A new empty database of its own (dropped first if it exists), for a test that runs app
     * instances apart from the suite's; answers its JDBC URL.
     */
    public static String freshDatabase(String name) {
        ensureDatabase();
        String admin = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, SUPERUSER, SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + name + "\" with (force)");
            statement.execute("create database \"" + name + "\" owner bellwether_owner");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + name, e);
        }
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    /** A connection to the database at {@code url} as its superuser. */
    public static Connection superuserConnection(String url) throws SQLException {
        return DriverManager.getConnection(url, SUPERUSER, SUPERUSER_PASSWORD);
    }

    /** A connection to the test database as its superuser, for fixtures that must bypass the app. */
    public static Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, SUPERUSER_PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
