package dev.bellwether.notify;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code notification_setting} (V16): one user's digest frequency and immediate alert rules. */
@Entity
@Table(name = "notification_setting")
public class NotificationSetting extends TenantOwned {

    @Id
    public String username;

    @Convert(converter = DigestFrequencyConverter.class)
    public DigestFrequency digest = DigestFrequency.OFF;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] immediate = new String[0];

    // the digest run's own marks, written by its SQL under the row's lock: a settings save never writes them back
    // (a save read before the run committed would undo the run's marks, and the next run would send again)
    @Column(name = "last_digest_on", insertable = false, updatable = false)
    public LocalDate lastDigestOn;

    @Column(name = "last_digest_at", insertable = false, updatable = false)
    public Instant lastDigestAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
