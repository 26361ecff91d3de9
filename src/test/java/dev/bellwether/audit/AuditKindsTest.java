package dev.bellwether.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Several migrations extend the kinds the audit log accepts, each reading the constraint back: the
 * database must end up accepting exactly the kinds the code writes, whatever order features landed in.
 */
@QuarkusTest
class AuditKindsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theDatabaseAcceptsEveryAuditKindTheCodeWritesAndNoOther() throws Exception {
        String definition;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select pg_get_constraintdef(oid) from pg_constraint"
                        + " where conrelid = 'audit_event'::regclass and conname = 'audit_event_kind_check'")) {
            rows.next();
            definition = rows.getString(1);
        }
        Set<String> accepted = new TreeSet<>();
        Matcher word = Pattern.compile("'([a-z_]+)'").matcher(definition);
        while (word.find()) {
            accepted.add(word.group(1));
        }
        Set<String> written = new TreeSet<>(Arrays.stream(AuditKind.values()).map(AuditKind::word).toList());
        assertEquals(written, accepted, definition);
    }
}
