package dev.bellwether.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TestDns;
import io.vertx.core.Vertx;

/** The DNS proof of a domain against a real DNS server over UDP ({@link TestDns}). */
class DomainProofTest {

    private static Vertx vertx;
    private static DomainProof proof;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        proof = new DomainProof("a-server-secret", Optional.of(TestDns.address()), vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void theRecordIsTheSameEachTimeAndDiffersByTenantDomainAndSecret() {
        DomainProof.Record record = proof.expected("acme", "acme.example");
        assertEquals("_bellwether.acme.example", record.name());
        assertEquals("TXT", record.type());
        assertTrue(record.value().matches("bellwether-domain-verification=[0-9a-f]{32}"), record.value());
        assertEquals(record, proof.expected("acme", "acme.example"));
        assertNotEquals(record.value(), proof.expected("globex", "acme.example").value());
        assertNotEquals(record.value(), proof.expected("acme", "acme2.example").value());
        assertNotEquals(record.value(), new DomainProof("another-secret", Optional.empty(), vertx)
                .expected("acme", "acme.example").value());
    }

    @Test
    void onlyTheTenantsOwnValueAtTheNameProvesTheDomain() {
        DomainProof.Record record = proof.expected("acme", "proof-1.example");
        assertEquals(DomainProof.Outcome.MISSING, proof.check("acme", "proof-1.example"), "no such name");
        TestDns.txt(record.name(), "v=spf1 -all");
        TestDns.txt(record.name(), proof.expected("globex", "proof-1.example").value());
        try {
            assertEquals(DomainProof.Outcome.MISSING, proof.check("acme", "proof-1.example"), "other values");
            assertEquals(DomainProof.Outcome.PROVEN, proof.check("globex", "proof-1.example"));
            TestDns.txt(record.name(), record.value());
            assertEquals(DomainProof.Outcome.PROVEN, proof.check("acme", "proof-1.example"), "one among others");
            assertEquals(DomainProof.Outcome.MISSING, proof.check("acme", "sub.proof-1.example"));
        } finally {
            TestDns.remove(record.name());
        }
        assertEquals(DomainProof.Outcome.MISSING, proof.check("acme", "proof-1.example"), "removed: no cache");
    }

    @Test
    void aRecordSavedAsSeveralStringsCountsJoined() {
        DomainProof.Record record = proof.expected("acme", "proof-3.example");
        String value = record.value();
        TestDns.txt(record.name(), "v=spf1 -all");
        TestDns.txt(record.name(), value.substring(0, 31));
        TestDns.txt(record.name(), value.substring(31));
        try {
            assertEquals(DomainProof.Outcome.PROVEN, proof.check("acme", "proof-3.example"));
        } finally {
            TestDns.remove(record.name());
        }
        assertEquals(false, DomainProof.holds(java.util.List.of(value.substring(0, 31), "x", value.substring(31)),
                value), "only strings in a row");
    }

    @Test
    void dnsThatDoesNotAnswerIsNotAMissingRecord() throws Exception {
        TestDns.silent(true);
        try {
            assertEquals(DomainProof.Outcome.UNANSWERED, proof.check("acme", "proof-2.example"));
        } finally {
            TestDns.silent(false);
        }
        int closed;
        try (DatagramSocket unused = new DatagramSocket(0)) {
            closed = unused.getLocalPort();
        }
        assertEquals(DomainProof.Outcome.UNANSWERED,
                new DomainProof("s", Optional.of("127.0.0.1:" + closed), vertx).check("acme", "proof-2.example"));
    }
}
