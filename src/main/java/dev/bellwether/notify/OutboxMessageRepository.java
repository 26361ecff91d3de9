package dev.bellwether.notify;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's outbox, as admins read it. */
@ApplicationScoped
public class OutboxMessageRepository implements PanacheRepositoryBase<OutboxMessage, UUID> {
}
