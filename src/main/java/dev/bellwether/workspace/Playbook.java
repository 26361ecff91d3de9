package dev.bellwether.workspace;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code playbook} (V15): name, trigger (a rule's key or {@code manual}), steps as JSON. */
@Entity
@Table(name = "playbook")
public class Playbook extends TenantOwned {

    @Id
    public String key;

    public String name;

    public String trigger;

    public boolean enabled;

    /** The steps as JSON ({@code [{"title":…,"dueInDays":…}]}). */
    @ColumnTransformer(write = "?::jsonb")
    public String steps;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
