package dev.bellwether.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Like;

/**
 * The quick jump's search: the current tenant's accounts whose name or id contains the words
 * typed, an exact id first, then names that start with them, then the rest by name.
 */
@ApplicationScoped
public class AccountSearch {

    /** The longest search taken; longer text is cut. */
    static final int QUERY_MAX = 100;

    /** An account found. */
    public record Hit(String accountId, String name, String segment) {
    }

    @Inject
    Database database;

    /** At most {@code limit} accounts matching {@code text}; none for blank text. */
    public List<Hit> find(String text, int limit) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String q = text.strip();
        q = Text.first(q, QUERY_MAX);
        String escaped = Like.literal(q);
        String contains = "%" + escaped + "%";
        return database.query("select account_id, name, segment from account where " + Like.caseless("name")
                + " ilike ? or " + Like.caseless("account_id") + " ilike ?"
                // the id as typed first (ids are case-sensitive: ACC-1 and acc-1 are two accounts), then in any case
                + " order by account_id = ? desc, lower(" + Like.caseless("account_id") + ") = lower("
                + Like.caseless("?") + ") desc, " + Like.caseless("name") + " ilike ? desc, name, account_id limit ?",
                row -> new Hit(row.string("account_id"), row.string("name"), row.string("segment")),
                contains, contains, q, q, escaped + "%", limit);
    }
}
