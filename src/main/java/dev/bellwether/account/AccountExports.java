package dev.bellwether.account;

import java.util.List;

import jakarta.ws.rs.core.Response;

import dev.bellwether.web.CsvExport;

/** The account page's lists as CSV, every row: surveys, tickets, activities and opportunities. */
final class AccountExports {

    /** The lists that export, as their URLs name them. */
    static final String LISTS = "surveys|tickets|activities|opportunities";

    static final List<CsvExport.Column<AccountRecords.Survey>> SURVEYS = List.of(
            CsvExport.value("responded_at", AccountRecords.Survey::respondedAt),
            CsvExport.value("type", AccountRecords.Survey::type),
            CsvExport.value("score", AccountRecords.Survey::score),
            CsvExport.text("comment", AccountRecords.Survey::comment));

    static final List<CsvExport.Column<AccountRecords.Ticket>> TICKETS = List.of(
            CsvExport.text("ticket_id", AccountRecords.Ticket::ticketId),
            CsvExport.value("opened_at", AccountRecords.Ticket::openedAt),
            CsvExport.value("first_response_at", AccountRecords.Ticket::firstResponseAt),
            CsvExport.value("resolved_at", AccountRecords.Ticket::resolvedAt),
            CsvExport.text("priority", AccountRecords.Ticket::priority),
            CsvExport.value("resolved_on_first_contact", AccountRecords.Ticket::resolvedOnFirstContact));

    static final List<CsvExport.Column<AccountRecords.Activity>> ACTIVITIES = List.of(
            CsvExport.value("occurred_at", AccountRecords.Activity::occurredAt),
            CsvExport.value("type", AccountRecords.Activity::type),
            CsvExport.text("csm_email", AccountRecords.Activity::csmEmail));

    static final List<CsvExport.Column<AccountRecords.Opportunity>> OPPORTUNITIES = List.of(
            CsvExport.text("opportunity_id", AccountRecords.Opportunity::opportunityId),
            CsvExport.value("type", AccountRecords.Opportunity::type),
            CsvExport.money("amount", AccountRecords.Opportunity::amount),
            CsvExport.value("stage", AccountRecords.Opportunity::stage),
            CsvExport.value("close_date", AccountRecords.Opportunity::closeDate));

    private AccountExports() {
    }

    /** {@code list} (one of {@link #LISTS}) of the account as a CSV attachment. */
    static Response of(AccountRecords records, String accountId, String list) {
        String file = CsvExport.fileName(accountId, list);
        int all = Integer.MAX_VALUE;
        return switch (list) {
            case "surveys" -> CsvExport.attachment(file, SURVEYS, records.surveys(accountId, all).rows());
            case "tickets" -> CsvExport.attachment(file, TICKETS, records.tickets(accountId, all).rows());
            case "activities" -> CsvExport.attachment(file, ACTIVITIES, records.activities(accountId, all).rows());
            default -> CsvExport.attachment(file, OPPORTUNITIES, records.opportunities(accountId, all).rows());
        };
    }
}
