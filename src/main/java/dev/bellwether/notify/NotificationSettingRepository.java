package dev.bellwether.notify;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Users' notification settings, of the current tenant. */
@ApplicationScoped
public class NotificationSettingRepository implements PanacheRepositoryBase<NotificationSetting, String> {
}
