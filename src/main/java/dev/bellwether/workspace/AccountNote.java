package dev.bellwether.workspace;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code account_note} (V15): a note or logged activity. Written once, never changed. */
@Entity
@Table(name = "account_note")
public class AccountNote extends TenantOwned {

    @Id
    public UUID id;

    @Column(name = "account_id")
    public String accountId;

    @Convert(converter = NoteTypeConverter.class)
    public NoteType type;

    @Column(name = "occurred_at")
    public LocalDate occurredAt;

    public String body;

    public String attendees;

    /** The author's email: for an activity, the CSM who had the contact. */
    @Column(name = "csm_email")
    public String csmEmail;

    public String author;

    @Column(name = "author_name")
    public String authorName;

    @Column(name = "created_at")
    public Instant createdAt;
}
