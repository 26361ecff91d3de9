package dev.bellwether.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;
import dev.bellwether.team.SignInAddress;

/**
 * A tenant to create: its id (the organization's alias and the {@code tenant} claim: a slug), its
 * display name and the email address of its first admin, who is invited. {@link #problems()} names
 * everything wrong, field by field; a tenant with a problem is never created.
 */
public record NewTenant(String id, String name, String adminEmail) {

    /** The tenant id rule of the schema ({@code tenant.id}'s check) and of tokens ({@code TenantClaim}). */
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final int MAX_NAME = 120;
    static final int MAX_EMAIL = 254;

    /** The problems, in the order of the fields; empty when the tenant may be created. */
    public List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (id == null || id.isBlank()) {
            errors.add(new FieldError("id", "id is required: a short slug such as acme or northwind-eu"));
        } else if (!SLUG.matcher(id).matches()) {
            errors.add(new FieldError("id", "id must be a slug: lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, at most 63 characters"));
        }
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "name is required: the company's name as its users should see it"));
        } else if (Text.characters(name.strip()) > MAX_NAME) {
            errors.add(new FieldError("name", "name is at most " + MAX_NAME + " characters long"));
        } else if (!readable(name)) {
            errors.add(new FieldError("name", "name must be plain text its users can read: no control characters,"
                    + " no direction overrides, and at least one visible character"));
        }
        if (adminEmail == null || adminEmail.isBlank()) {
            errors.add(new FieldError("adminEmail", "adminEmail is required: the first admin is invited there"));
        } else if (adminEmail.strip().length() > MAX_EMAIL
                || !SignInAddress.valid(adminEmail.strip().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("adminEmail", "adminEmail is not an email address one can sign in with ("
                    + SignInAddress.fault(adminEmail.strip().toLowerCase(Locale.ROOT)) + ")"));
        }
        return errors;
    }

    /**
     * Text a person reads as written: no control character, no lone surrogate, no bidirectional embedding,
     * override or isolate (which make a name display as another), and something visible, not only blanks and
     * invisible formatting such as U+200B.
     */
    static boolean readable(String text) {
        if (!Text.wellFormed(text) || text.codePoints().anyMatch(c -> Character.isISOControl(c) || Text.reorders(c))) {
            return false;
        }
        // a braille blank, a Hangul filler or a variation selector alone shows as nothing too (Text.looksEmpty)
        return !Text.looksEmpty(text) && text.codePoints().anyMatch(c -> !Character.isWhitespace(c)
                && !Character.isSpaceChar(c) && Character.getType(c) != Character.FORMAT);
    }

    /** The same tenant with surrounding blanks removed from the name and the email. */
    public NewTenant stripped() {
        return new NewTenant(id, name == null ? null : name.strip(), adminEmail == null ? null : adminEmail.strip());
    }
}
