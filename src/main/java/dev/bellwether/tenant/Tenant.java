package dev.bellwether.tenant;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer of Bellwether. Its id is the value of the users' {@code tenant} claim. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public String id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
