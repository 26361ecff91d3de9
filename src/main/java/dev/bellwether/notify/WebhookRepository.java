package dev.bellwether.notify;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's webhook. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, Short> {
}
