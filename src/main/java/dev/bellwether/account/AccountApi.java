package dev.bellwether.account;

import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;

/** {@code /api/v1/accounts}: the current tenant's accounts. */
@Path("/api/v1/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountApi {

    public record AccountView(String accountId, String name, String segment, String csmEmail, LocalDate renewalDate) {
    }

    @Inject
    AccountRepository accounts;

    /** One account; another tenant's id answers 404 exactly like an id that does not exist. */
    @GET
    @Path("/{accountId}")
    public AccountView get(@PathParam("accountId") String accountId) {
        Account account = accounts.findByIdOptional(accountId).orElseThrow(NotFoundException::new);
        return new AccountView(account.accountId, account.name, account.segment, account.csmEmail, account.renewalDate);
    }
}
